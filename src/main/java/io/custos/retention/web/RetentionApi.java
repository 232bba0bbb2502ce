package io.custos.retention.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.retention.DueCustomer;
import io.custos.retention.RetentionDue;
import io.custos.retention.RetentionRule;
import io.custos.retention.RetentionRuleSet;
import io.custos.retention.RetentionRules;
import io.custos.retention.RetentionSweeps;
import io.custos.retention.RuleKind;
import io.custos.retention.SweepResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Retention rules, sweeps and the due list over HTTP (issue 16.1, 16.2, 16.8). */
@RestController
@Tag(name = "Retention")
class RetentionApi {

    private final RetentionRules rules;
    private final RetentionSweeps sweeps;
    private final RetentionDue due;

    RetentionApi(RetentionRules rules, RetentionSweeps sweeps, RetentionDue due) {
        this.rules = rules;
        this.sweeps = sweeps;
        this.due = due;
    }

    record RuleJson(String code, RuleKind kind, String period, List<String> fields) {
        static RuleJson of(RetentionRule rule) {
            return new RuleJson(rule.code(), rule.kind(), rule.periodText(), rule.fields());
        }
    }

    record RuleSetJson(int version, String status, String reason, @Nullable UUID proposedBy, Instant proposedAt,
            @Nullable UUID decidedBy, @Nullable Instant decidedAt, @Nullable String decisionReason, List<RuleJson> rules) {
        static RuleSetJson of(RetentionRuleSet set) {
            return new RuleSetJson(set.version(), set.status().name(), set.reason(), set.proposedBy(), set.proposedAt(),
                    set.decidedBy(), set.decidedAt(), set.decisionReason(),
                    set.rules().stream().map(RuleJson::of).toList());
        }
    }

    record ProposedRuleJson(@Nullable @Size(max = 40) String code, @Nullable RuleKind kind,
            @Nullable @Size(max = 16) String period, @Nullable @Size(max = 50) List<@NotNull @Size(max = 40) String> fields) {
    }

    record ProposalJson(@NotNull @Size(min = 1, max = 20) List<@NotNull @Valid ProposedRuleJson> rules,
            @Nullable @Size(max = 4000) String reason) {
    }

    record DecisionJson(@NotNull RetentionRules.Decision decision, @Nullable @Size(max = 4000) String reason) {
    }

    record RulesJson(RuleSetJson inForce, @Nullable RuleSetJson pending, List<RuleSetJson> versions) {
    }

    @GetMapping("/api/v1/retention/rules")
    @Operation(summary = "The retention rules in force, a version awaiting approval, and every version")
    RulesJson rules() {
        return new RulesJson(RuleSetJson.of(rules.inForce()), rules.pending().map(RuleSetJson::of).orElse(null),
                rules.versions().stream().map(RuleSetJson::of).toList());
    }

    @PutMapping("/api/v1/retention/rules")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Propose a new version of the rules (administration officer); in force once a security "
            + "administrator approves it")
    RuleSetJson propose(@Valid @RequestBody ProposalJson body, @AuthenticationPrincipal CustosUser user) {
        return RuleSetJson.of(rules.propose(body.rules().stream()
                .map(r -> new RetentionRules.ProposedRule(r.code(), r.kind(), r.period(), r.fields())).toList(),
                body.reason(), user));
    }

    @PostMapping("/api/v1/retention/rules/{version}/decision")
    @Operation(summary = "Approve or reject a proposed version (security administrator, not the proposer)")
    RuleSetJson decide(@PathVariable int version, @Valid @RequestBody DecisionJson body,
            @AuthenticationPrincipal CustosUser user) {
        return RuleSetJson.of(rules.decide(version, body.decision(), body.reason(), user));
    }

    @PostMapping("/api/v1/retention/rules/{version}/withdrawal")
    @Operation(summary = "The proposer takes a pending version back")
    RuleSetJson withdraw(@PathVariable int version, @AuthenticationPrincipal CustosUser user) {
        return RuleSetJson.of(rules.withdraw(version, user));
    }

    record SweepJson(UUID id, int ruleVersion, LocalDate asOf, @Nullable UUID triggeredBy, Instant startedAt,
            @Nullable Instant finishedAt, int due, int upcoming, int factsPurged) {
        static SweepJson of(SweepResult r) {
            return new SweepJson(r.id(), r.ruleVersion(), r.asOf(), r.triggeredBy(), r.startedAt(), r.finishedAt(),
                    r.due(), r.upcoming(), r.factsPurged());
        }
    }

    @PostMapping("/api/v1/retention/sweeps")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Run the sweep now (administration officer)")
    SweepJson sweep(@AuthenticationPrincipal CustosUser user) {
        if (!user.hasRole(io.custos.identity.Role.ADMIN_OFFICER)) {
            throw new io.custos.shared.DomainException("retention-sweep-not-allowed", HttpStatus.FORBIDDEN);
        }
        return SweepJson.of(sweeps.sweep(user));
    }

    record DueJson(UUID customerId, @Nullable String companyName, UUID ownerId, @Nullable UUID departmentId,
            String ruleCode, RuleKind kind, LocalDate basisOn, LocalDate dueOn, boolean due, boolean held,
            @Nullable UUID batchId) {
        static DueJson of(DueCustomer d) {
            return new DueJson(d.customerId(), d.companyName(), d.ownerId(), d.departmentId(), d.ruleCode(), d.kind(),
                    d.basisOn(), d.dueOn(), d.due(), d.held(), d.batchId());
        }
    }

    record DuePageJson(@Nullable SweepJson sweep, long total, int offset, List<DueJson> customers) {
    }

    @GetMapping("/api/v1/retention/due")
    @Operation(summary = "What the newest sweep found due, or falling due within the notice period, within the "
            + "caller's reach, with the rule and the date its period counted from")
    DuePageJson due(@RequestParam(required = false) @Nullable UUID departmentId,
            @RequestParam(defaultValue = "false") boolean dueOnly, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit, @AuthenticationPrincipal CustosUser user) {
        RetentionDue.Page page = due.list(user, departmentId, dueOnly, offset, limit);
        return new DuePageJson(sweeps.latest().map(SweepJson::of).orElse(null), page.total(), Math.max(0, offset),
                page.customers().stream().map(DueJson::of).toList());
    }
}
