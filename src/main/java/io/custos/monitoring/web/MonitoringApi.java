package io.custos.monitoring.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.monitoring.AlertSeverity;
import io.custos.monitoring.Alerts;
import io.custos.monitoring.MonitoringRules;
import io.custos.monitoring.RuleKind;
import io.custos.monitoring.RuleSettings;
import io.custos.monitoring.RuleTrials;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Security monitoring over HTTP (issue 21.5, R-SUP-3): the rules and their versions, a rule's test,
 * the alerts and their triage, the dashboard's counts. Who may do what is decided by the services;
 * this refuses up front only those who read no alerts or no rules at all (403). Dates are days in
 * the reader's time zone, {@code to} included; times are ISO 8601 with an offset.
 */
@RestController
@RequestMapping("/api/v1/monitoring")
@Tag(name = "Security monitoring")
class MonitoringApi {

    private final MonitoringRules rules;
    private final RuleTrials trials;
    private final Alerts alerts;
    private final MonitoringAccess access;
    private final Times times;

    MonitoringApi(MonitoringRules rules, RuleTrials trials, Alerts alerts, MonitoringAccess access, Times times) {
        this.rules = rules;
        this.trials = trials;
        this.alerts = alerts;
        this.access = access;
        this.times = times;
    }

    /** The set in force and the proposal waiting for a second person, if any. */
    record RulesJson(MonitoringRules.RuleSet inForce, MonitoringRules.@Nullable RuleSet pending) {
    }

    /** A complete set: every rule kind once. */
    record ProposalJson(@Nullable List<RuleForm> rules) {
    }

    /** A triage: the outcome, the reason (10 to 4,000 characters) and for an incident its reference. */
    record TriageJson(Alerts.@Nullable Status outcome, @Nullable String note, @Nullable String incident) {

        @Override
        public String toString() {
            return "TriageJson[outcome=" + outcome + "]";
        }
    }

    @GetMapping("/rules")
    @Operation(summary = "The rules in force (version, rules, who approved them and when) and the pending proposal")
    RulesJson rules(@AuthenticationPrincipal CustosUser me) {
        MonitoringAccess.requireRules(me);
        return new RulesJson(rules.inForce(), rules.pending());
    }

    @PutMapping("/rules")
    @Operation(summary = "Propose a new version of the rules (security administrators)", description = """
            The body holds the complete set: every rule kind once, with all its settings. The answer is 202: \
            the proposal is not in force until a second person (another security administrator or an \
            auditor, never the proposer) approves it through POST /rules/proposals/{version}/approve. \
            One proposal waits at a time (409 monitoring-rules-pending); a set equal to the one in force \
            is refused (409 monitoring-rules-unchanged); a setting out of range 422 monitoring-rule-invalid \
            naming the field.""")
    ResponseEntity<MonitoringRules.RuleSet> propose(@RequestBody ProposalJson body,
            @AuthenticationPrincipal CustosUser me) {
        if (body.rules() == null) {
            throw DomainException.unprocessable("monitoring-rules-incomplete", Map.of("field", "rules"));
        }
        List<RuleSettings> settings = body.rules().stream().map(r -> r == null ? null : r.settings()).toList();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rules.propose(settings, me));
    }

    @PostMapping("/rules/proposals/{version}/approve")
    @Operation(summary = "Approve the pending proposal: it is in force from now (not its proposer)")
    MonitoringRules.RuleSet approve(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return rules.approve(version, me);
    }

    @PostMapping("/rules/proposals/{version}/reject")
    @Operation(summary = "Reject the pending proposal (not its proposer)")
    MonitoringRules.RuleSet reject(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return rules.reject(version, me);
    }

    @PostMapping("/rules/proposals/{version}/withdraw")
    @Operation(summary = "Withdraw one's own pending proposal")
    MonitoringRules.RuleSet withdraw(@PathVariable int version, @AuthenticationPrincipal CustosUser me) {
        return rules.withdraw(version, me);
    }

    @GetMapping("/rules/history")
    @Operation(summary = "Every version of the rules, newest first")
    List<MonitoringRules.RuleSet> history(@AuthenticationPrincipal CustosUser me) {
        MonitoringAccess.requireRules(me);
        return rules.history();
    }

    @PostMapping("/rules/trial")
    @Operation(summary = "Test one rule as it would be set over the last 30 days: what it would have raised",
            description = "Writes nothing but an audit event; the rule needs not be on.")
    RuleTrials.Trial trial(@RequestBody RuleForm body, @AuthenticationPrincipal CustosUser me) {
        MonitoringAccess.requireRules(me);
        return trials.trial(body.settings(), me);
    }

    @GetMapping("/alerts")
    @Operation(summary = "The alerts this person may see, newest first (at most 500)", description = """
            Security administrators and auditors see every alert but those about themselves; department \
            heads those about their departments' people.""")
    List<Alerts.AlertView> alerts(@RequestParam(required = false) Alerts.@Nullable Status status,
            @RequestParam(required = false) @Nullable RuleKind rule,
            @RequestParam(required = false) @Nullable AlertSeverity severity,
            @RequestParam(required = false) @Nullable UUID department,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @AuthenticationPrincipal CustosUser me) {
        access.requireAlerts(me);
        ZoneId zone = times.zone();
        return alerts.visibleTo(me, new Alerts.Filter(status, rule, severity, department, start(from, zone),
                to == null ? null : start(to.plusDays(1), zone)));
    }

    @GetMapping("/alerts/{id}")
    @Operation(summary = "One alert: the rule crossed, the audit events behind it (ids, never values), its triage")
    Alerts.AlertDetail alert(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return alerts.detail(id, me);
    }

    @PostMapping("/alerts/{id}/triage")
    @Operation(summary = "Triage an open alert: FALSE_POSITIVE, FINDING or INCIDENT (with the incident's reference)")
    Alerts.AlertDetail triage(@PathVariable UUID id, @RequestBody TriageJson body,
            @AuthenticationPrincipal CustosUser me) {
        alerts.triage(id, new Alerts.Triage(body.outcome(), body.note(), body.incident()), me);
        return alerts.detail(id, me);
    }

    @GetMapping("/dashboard")
    @Operation(summary = "Alert counts per rule, department and day (each per status) raised in the period",
            description = "Without from and to: the last 30 days.")
    Alerts.Counts dashboard(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @AuthenticationPrincipal CustosUser me) {
        MonitoringAccess.requireDashboard(me);
        ZoneId zone = times.zone();
        LocalDate last = to == null ? LocalDate.ofInstant(access.clock().instant(), zone) : to;
        LocalDate first = from == null ? last.minusDays(29) : from;
        if (first.isAfter(last) || first.isBefore(last.minusDays(366))) {
            throw DomainException.unprocessable("monitoring-period", Map.of("field", "from"));
        }
        return alerts.counts(me, start(first, zone), start(last.plusDays(1), zone));
    }

    private static @Nullable Instant start(@Nullable LocalDate day, ZoneId zone) {
        return day == null ? null : day.atStartOfDay(zone).toInstant();
    }
}
