package io.custos.monitoring.web;

import static io.custos.shared.web.FormValues.enumOf;
import static io.custos.shared.web.FormValues.uuidOf;
import static io.custos.shared.web.FormValues.dateOf;
import static io.custos.shared.web.FormValues.timeOf;
import static io.custos.shared.web.FormValues.intOf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.monitoring.AlertSeverity;
import io.custos.monitoring.Alerts;
import io.custos.monitoring.MonitoringRules;
import io.custos.monitoring.RuleKind;
import io.custos.monitoring.RuleSettings;
import io.custos.monitoring.RuleTrials;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring pages (issue 21.5, R-SUP-3): the alerts with their filters, one alert with the
 * events behind it and its triage, the rules in force with the edit form, the proposal side by side
 * and a rule's test, and the dashboard. Every code is said in words; a refusal shows the form again
 * with what was typed and the reason.
 */
@Controller
@RequestMapping("/monitoring")
class MonitoringPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Integer> PERIODS = List.of(7, 30, 90);
    private static final List<Alerts.Status> OUTCOMES = List.of(Alerts.Status.FALSE_POSITIVE, Alerts.Status.FINDING,
            Alerts.Status.INCIDENT);

    private final Alerts alerts;
    private final MonitoringRules rules;
    private final RuleTrials trials;
    private final MonitoringAccess access;
    private final MonitoringWords words;
    private final Times times;

    MonitoringPages(Alerts alerts, MonitoringRules rules, RuleTrials trials, MonitoringAccess access,
            MonitoringWords words, Times times) {
        this.alerts = alerts;
        this.rules = rules;
        this.trials = trials;
        this.access = access;
        this.words = words;
        this.times = times;
    }

    /** An alert as the list shows it, every code already in words. */
    record AlertRow(Alerts.AlertView alert, String rule, String person, @Nullable String department, String figure) {
    }

    /** One event behind an alert: the action in words, the target type in words and its id shortened. */
    record EventRow(Alerts.AlertEvent event, String action, @Nullable String target, @Nullable String targetId) {
    }

    // ------------------------------------------------------------------------------------------
    // Alerts

    @GetMapping("/alerts")
    String alertList(@RequestParam Map<String, String> query, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale) {
        access.requireAlerts(me);
        ZoneId zone = times.zone();
        LocalDate from = dateOf(query.get("from"));
        LocalDate to = dateOf(query.get("to"));
        Alerts.Filter filter = new Alerts.Filter(enumOf(Alerts.Status.class, query.get("status")),
                enumOf(RuleKind.class, query.get("rule")), enumOf(AlertSeverity.class, query.get("severity")),
                uuidOf(query.get("department")), from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
        Map<UUID, String> departments = words.departmentNames(locale);
        List<AlertRow> rows = new ArrayList<>();
        for (Alerts.AlertView alert : alerts.visibleTo(me, filter)) {
            rows.add(row(alert, departments, locale));
        }
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : List.of("status", "rule", "severity", "department", "from", "to")) {
            kept.put(name, query.getOrDefault(name, ""));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("filter", kept);
        model.addAttribute("statuses", Alerts.Status.values());
        model.addAttribute("kinds", RuleKind.values());
        model.addAttribute("severities", AlertSeverity.values());
        model.addAttribute("departments", departments);
        model.addAttribute("toTriage", me.hasRole(Role.SECURITY_ADMIN) || me.hasRole(Role.AUDITOR)
                ? alerts.toTriage(me) : null);
        return "monitoring/alerts";
    }

    @GetMapping("/alerts/{id}")
    String alert(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return alertPage(alerts.detail(id, me), me, model, locale, null, Map.of());
    }

    @PostMapping("/alerts/{id}/triage")
    String triage(@PathVariable UUID id, @RequestParam Map<String, String> form, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
        Alerts.Status outcome = enumOf(Alerts.Status.class, form.get("outcome"));
        try {
            alerts.triage(id, new Alerts.Triage(outcome, form.get("note"), form.get("incident")), me);
            redirect.addFlashAttribute("notice", "monitoring.alert.triaged");
            return "redirect:/monitoring/alerts/" + id;
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            return alertPage(alerts.detail(id, me), me, model, locale, e, kept);
        }
    }

    private String alertPage(Alerts.AlertDetail detail, CustosUser me, Model model, Locale locale,
            @Nullable DomainException problem, Map<String, String> kept) {
        Alerts.AlertView alert = detail.alert();
        Map<UUID, String> departments = words.departmentNames(locale);
        List<EventRow> events = new ArrayList<>();
        for (Alerts.AlertEvent event : detail.events()) {
            events.add(new EventRow(event, action(event.action(), locale),
                    event.targetType() == null ? null : targetType(event.targetType(), locale),
                    event.targetId() == null ? null : shortId(event.targetId())));
        }
        model.addAttribute("detail", detail);
        model.addAttribute("a", alert);
        model.addAttribute("row", row(alert, departments, locale));
        model.addAttribute("about", words.say("monitoring.rule." + alert.kind() + ".about", locale));
        model.addAttribute("crossed", alert.threshold() == 0
                ? words.say("monitoring.condition.any." + alert.kind().figure(), locale)
                : words.say("monitoring.condition." + alert.kind().figure(), locale, alert.threshold(),
                        words.duration(alert.windowMinutes(), locale)));
        model.addAttribute("events", events);
        model.addAttribute("triagedBy", alert.triagedBy() == null ? null : words.person(alert.triagedBy(), locale));
        model.addAttribute("auditLink", me.hasRole(Role.AUDITOR) || me.hasRole(Role.SECURITY_ADMIN)
                ? auditLink(alert) : null);
        model.addAttribute("outcomes", OUTCOMES);
        model.addAttribute("problem", problem);
        model.addAttribute("bad", problem == null ? "" : String.valueOf(problem.properties().getOrDefault("field", "")));
        model.addAttribute("kept", kept);
        return "monitoring/alert";
    }

    /** The audit search for the person (or, for the audit chain, everyone) over the alert's window. */
    private static String auditLink(Alerts.AlertView alert) {
        Instant from = alert.firstEventAt().minus(Duration.ofMinutes(alert.windowMinutes()));
        Instant to = alert.lastEventAt().plusSeconds(60);
        StringBuilder link = new StringBuilder("/audit/events?");
        if (alert.subjectId() != null) {
            link.append("actorId=").append(alert.subjectId()).append('&');
        }
        return link.append("from=").append(from).append("&to=").append(to).toString();
    }

    private AlertRow row(Alerts.AlertView alert, Map<UUID, String> departments, Locale locale) {
        return new AlertRow(alert, words.say("monitoring.rule." + alert.kind(), locale),
                words.person(alert.subjectId(), locale),
                alert.departmentId() == null ? null : departments.get(alert.departmentId()),
                words.figure(alert.kind(), alert.figure(), alert.windowMinutes(), locale));
    }

    private String action(String code, Locale locale) {
        String known = words.sayOrNull("audit.action." + code, locale);
        if (known != null) {
            return known;
        }
        int dot = code.indexOf('.');
        String module = dot < 0 ? code : code.substring(0, dot);
        String moduleWords = Objects.requireNonNullElse(words.sayOrNull("audit.module." + module, locale), module);
        return dot < 0 ? moduleWords : moduleWords + ": " + code.substring(dot + 1).replace('.', ' ').replace('-', ' ');
    }

    private String targetType(String type, Locale locale) {
        return Objects.requireNonNullElse(words.sayOrNull("audit.targetType." + type, locale), type.replace('-', ' '));
    }

    /** Ids are evidence to compare, not words: the start of one is enough on a page, the rest in its title. */
    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) + "…" : id;
    }

    // ------------------------------------------------------------------------------------------
    // Rules

    /** One rule of the edit form: what was typed, or the settings it starts from. */
    record RuleInput(RuleKind kind, boolean enabled, String severity, String threshold, String windowMinutes,
            String suppressMinutes, Set<String> departments, String workdayStart, String workdayEnd,
            String daysBeforeEnd) {

        static RuleInput of(RuleSettings rule) {
            Set<String> departments = new LinkedHashSet<>();
            rule.departments().forEach(d -> departments.add(d.toString()));
            return new RuleInput(rule.kind(), rule.enabled(), rule.severity().name(), String.valueOf(rule.threshold()),
                    String.valueOf(rule.windowMinutes()), String.valueOf(rule.suppressMinutes()), departments,
                    rule.workdayStart() == null ? "" : rule.workdayStart().toString(),
                    rule.workdayEnd() == null ? "" : rule.workdayEnd().toString(),
                    rule.daysBeforeEnd() == null ? "" : String.valueOf(rule.daysBeforeEnd()));
        }

        static RuleInput of(RuleKind kind, MultiValueMap<String, String> form) {
            String prefix = kind.name() + ".";
            List<String> departments = form.getOrDefault(prefix + "departments", List.of());
            return new RuleInput(kind, form.containsKey(prefix + "enabled"), text(form, prefix + "severity"),
                    text(form, prefix + "threshold"), text(form, prefix + "windowMinutes"),
                    text(form, prefix + "suppressMinutes"), new LinkedHashSet<>(departments),
                    text(form, prefix + "workdayStart"), text(form, prefix + "workdayEnd"),
                    text(form, prefix + "daysBeforeEnd"));
        }

        /** @throws DomainException 422 {@code monitoring-rule-invalid} naming the setting */
        RuleSettings settings() {
            List<UUID> ids = new ArrayList<>();
            for (String department : departments) {
                UUID id = uuidOf(department);
                if (id == null) {
                    throw DomainException.unprocessable("monitoring-rule-invalid", Map.of("field", "departments"),
                            "departments");
                }
                ids.add(id);
            }
            AlertSeverity level = enumOf(AlertSeverity.class, severity);
            if (level == null) {
                throw DomainException.unprocessable("monitoring-rule-invalid", Map.of("field", "severity"), "severity");
            }
            boolean hours = kind == RuleKind.OFF_HOURS;
            return new RuleSettings(kind, enabled, level, intOf(threshold), intOf(windowMinutes),
                    intOf(suppressMinutes), ids, hours ? timeOf(workdayStart) : null, hours ? timeOf(workdayEnd) : null,
                    kind == RuleKind.GRANT_ENDING_ACCESS ? Integer.valueOf(intOf(daysBeforeEnd)) : null);
        }

        private static String text(MultiValueMap<String, String> form, String name) {
            String value = form.getFirst(name);
            return value == null ? "" : value.strip();
        }
    }

    /** A setting refused in the form: which rule, which field, and the refusal. */
    record Refusal(@Nullable RuleKind kind, String field, DomainException problem) {
    }

    @GetMapping("/rules")
    String rulePage(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        MonitoringAccess.requireRules(me);
        MonitoringRules.RuleSet inForce = rules.inForce();
        List<RuleInput> form = new ArrayList<>();
        inForce.rules().forEach(rule -> form.add(RuleInput.of(rule)));
        return rulesPage(me, model, locale, inForce, form, null, null);
    }

    @PostMapping("/rules")
    String propose(@RequestParam MultiValueMap<String, String> posted, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
        MonitoringAccess.requireRules(me);
        List<RuleInput> form = inputs(posted);
        List<RuleSettings> settings = new ArrayList<>();
        for (RuleInput input : form) {
            try {
                settings.add(input.settings());
            } catch (DomainException e) {
                response.setStatus(e.status().value());
                return rulesPage(me, model, locale, rules.inForce(), form, refusal(input.kind(), e), null);
            }
        }
        try {
            MonitoringRules.RuleSet proposed = rules.propose(settings, me);
            redirect.addFlashAttribute("notice", "monitoring.rules.proposed");
            redirect.addFlashAttribute("noticeVersion", proposed.version());
            return "redirect:/monitoring/rules";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            return rulesPage(me, model, locale, rules.inForce(), form, refusal(null, e), null);
        }
    }

    @PostMapping("/rules/trial")
    String trial(@RequestParam MultiValueMap<String, String> posted, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, HttpServletResponse response) {
        MonitoringAccess.requireRules(me);
        List<RuleInput> form = inputs(posted);
        RuleKind kind = enumOf(RuleKind.class, posted.getFirst("trial"));
        if (kind == null) {
            throw DomainException.notFound();
        }
        RuleInput input = form.stream().filter(i -> i.kind() == kind).findFirst().orElseThrow();
        try {
            RuleTrials.Trial trial = trials.trial(input.settings(), me);
            return rulesPage(me, model, locale, rules.inForce(), form, null, trial);
        } catch (DomainException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            response.setStatus(e.status().value());
            return rulesPage(me, model, locale, rules.inForce(), form, refusal(kind, e), null);
        }
    }

    @PostMapping("/rules/proposals/{version}/{step}")
    String decide(@PathVariable int version, @PathVariable String step, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
        MonitoringAccess.requireRules(me);
        try {
            switch (step) {
                case "approve" -> rules.approve(version, me);
                case "reject" -> rules.reject(version, me);
                case "withdraw" -> rules.withdraw(version, me);
                default -> throw DomainException.notFound();
            }
            redirect.addFlashAttribute("notice", "monitoring.rules." + step + ".done");
            return "redirect:/monitoring/rules";
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.status().value());
            MonitoringRules.RuleSet inForce = rules.inForce();
            List<RuleInput> form = new ArrayList<>();
            inForce.rules().forEach(rule -> form.add(RuleInput.of(rule)));
            return rulesPage(me, model, locale, inForce, form, refusal(null, e), null);
        }
    }

    private static Refusal refusal(@Nullable RuleKind kind, DomainException e) {
        return new Refusal(kind, String.valueOf(e.properties().getOrDefault("field", "")), e);
    }

    private static List<RuleInput> inputs(MultiValueMap<String, String> posted) {
        List<RuleInput> form = new ArrayList<>();
        for (RuleKind kind : RuleKind.values()) {
            form.add(RuleInput.of(kind, posted));
        }
        return form;
    }

    /** One rule of two versions side by side: each setting in words, and whether it changed. */
    record Compared(RuleKind kind, String name, List<ComparedLine> lines, boolean changed) {
    }

    record ComparedLine(String setting, String inForce, String proposed, boolean changed) {
    }

    /** One rule in force as the table shows it. */
    record RuleRow(RuleSettings rule, String name, String about, String condition, String suppression,
            String departments) {
    }

    /** One version in the history. */
    record Version(MonitoringRules.RuleSet set, @Nullable String proposedBy, @Nullable String decidedBy) {
    }

    /** A trial's alert in words. */
    record TrialRow(RuleTrials.TrialAlert alert, String person, @Nullable String department, String figure) {
    }

    private String rulesPage(CustosUser me, Model model, Locale locale, MonitoringRules.RuleSet inForce,
            List<RuleInput> form, @Nullable Refusal refusal, RuleTrials.@Nullable Trial trial) {
        Map<UUID, String> departments = words.departmentNames(locale);
        List<RuleRow> table = new ArrayList<>();
        for (RuleSettings rule : inForce.rules()) {
            table.add(new RuleRow(rule, words.say("monitoring.rule." + rule.kind(), locale),
                    words.say("monitoring.rule." + rule.kind() + ".about", locale), words.condition(rule, locale),
                    words.suppression(rule, locale), words.departments(rule.departments(), departments, locale)));
        }
        MonitoringRules.RuleSet pending = rules.pending();
        List<Compared> compared = new ArrayList<>();
        if (pending != null) {
            for (RuleSettings proposed : pending.rules()) {
                RuleSettings current = inForce.rule(proposed.kind());
                Map<String, String> before = words.settings(current, departments, locale);
                Map<String, String> after = words.settings(proposed, departments, locale);
                List<ComparedLine> lines = new ArrayList<>();
                Set<String> settings = new LinkedHashSet<>(before.keySet());
                settings.addAll(after.keySet());
                for (String setting : settings) {
                    String was = before.getOrDefault(setting, "—");
                    String will = after.getOrDefault(setting, "—");
                    lines.add(new ComparedLine(setting, was, will, !was.equals(will)));
                }
                compared.add(new Compared(proposed.kind(), words.say("monitoring.rule." + proposed.kind(), locale),
                        lines, !proposed.equals(current)));
            }
        }
        List<Version> history = new ArrayList<>();
        for (MonitoringRules.RuleSet set : rules.history()) {
            history.add(new Version(set, set.proposedBy() == null ? null : words.person(set.proposedBy(), locale),
                    set.decidedBy() == null ? null : words.person(set.decidedBy(), locale)));
        }
        model.addAttribute("inForce", inForce);
        model.addAttribute("approvedBy", inForce.decidedBy() == null ? null : words.person(inForce.decidedBy(), locale));
        model.addAttribute("table", table);
        model.addAttribute("pending", pending);
        model.addAttribute("pendingBy", pending == null || pending.proposedBy() == null ? null
                : words.person(pending.proposedBy(), locale));
        model.addAttribute("compared", compared);
        model.addAttribute("decides", pending != null && MonitoringRules.decides(pending, me));
        model.addAttribute("withdraws", pending != null && me.id().equals(pending.proposedBy()));
        model.addAttribute("proposes", me.hasRole(Role.SECURITY_ADMIN));
        model.addAttribute("form", form);
        model.addAttribute("names", names(locale));
        model.addAttribute("severities", AlertSeverity.values());
        model.addAttribute("departments", departments);
        model.addAttribute("refusal", refusal);
        model.addAttribute("history", history);
        if (trial != null) {
            List<TrialRow> found = new ArrayList<>();
            for (RuleTrials.TrialAlert alert : trial.shown()) {
                found.add(new TrialRow(alert, words.person(alert.subjectId(), locale),
                        alert.departmentId() == null ? null : departments.get(alert.departmentId()),
                        words.figure(alert.kind(), alert.figure(), trial.rule().windowMinutes(), locale)));
            }
            model.addAttribute("trial", trial);
            model.addAttribute("trialName", words.say("monitoring.rule." + trial.rule().kind(), locale));
            model.addAttribute("trialRows", found);
        }
        return "monitoring/rules";
    }

    private Map<RuleKind, String[]> names(Locale locale) {
        Map<RuleKind, String[]> names = new EnumMap<>(RuleKind.class);
        for (RuleKind kind : RuleKind.values()) {
            names.put(kind, new String[] {words.say("monitoring.rule." + kind, locale),
                    words.say("monitoring.rule." + kind + ".about", locale)});
        }
        return names;
    }

    // ------------------------------------------------------------------------------------------
    // Dashboard

    /** One line of a chart's table: the label, the count per column, and where the numbers link. */
    record TableRow(String label, List<Integer> counts, int total, @Nullable String link) {
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) @Nullable String days, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        MonitoringAccess.requireDashboard(me);
        int period = PERIODS.contains(intOf(days)) ? intOf(days) : 30;
        ZoneId zone = times.zone();
        LocalDate last = LocalDate.ofInstant(access.clock().instant(), zone);
        LocalDate first = last.minusDays(period - 1L);
        Alerts.Counts counts = alerts.counts(me, first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant());
        boolean links = access.readsAlerts(me);
        String range = "&from=" + first + "&to=" + last;
        List<String> statuses = new ArrayList<>();
        for (Alerts.Status status : Alerts.Status.values()) {
            statuses.add(words.say("monitoring.status." + status, locale));
        }

        List<TableRow> byRule = new ArrayList<>();
        for (RuleKind kind : RuleKind.values()) {
            byRule.add(tableRow(words.say("monitoring.rule." + kind, locale), counts.byKind().get(kind),
                    links ? "/monitoring/alerts?rule=" + kind + range : null));
        }
        Map<UUID, String> names = words.departmentNames(locale);
        List<TableRow> byDepartment = new ArrayList<>();
        counts.byDepartment().forEach((id, perStatus) -> byDepartment.add(tableRow(
                names.getOrDefault(id, words.say("monitoring.department.gone", locale)), perStatus,
                links ? "/monitoring/alerts?department=" + id + range : null)));
        byDepartment.sort(java.util.Comparator.comparing(TableRow::label));
        if (!counts.noDepartment().isEmpty()) {
            byDepartment.add(tableRow(words.say("monitoring.department.none", locale), counts.noDepartment(), null));
        }
        List<TableRow> byDay = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            byDay.add(tableRow(day.toString(), counts.byDay().get(day),
                    links ? "/monitoring/alerts?from=" + day + "&to=" + day : null));
        }

        model.addAttribute("period", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("first", first);
        model.addAttribute("last", last);
        model.addAttribute("statuses", Alerts.Status.values());
        model.addAttribute("byRule", byRule);
        model.addAttribute("byDepartment", byDepartment);
        model.addAttribute("byDay", byDay);
        model.addAttribute("links", links);
        model.addAttribute("ruleChart", chart("bar", true, byRule, statuses, null));
        model.addAttribute("departmentChart", chart("bar", true, byDepartment, statuses, null));
        model.addAttribute("dayChart", chart("line", false, byDay, statuses,
                words.say("monitoring.dashboard.alerts", locale)));
        return "monitoring/dashboard";
    }

    private static TableRow tableRow(String label, @Nullable Map<Alerts.Status, Integer> perStatus,
            @Nullable String link) {
        List<Integer> counts = new ArrayList<>();
        int total = 0;
        for (Alerts.Status status : Alerts.Status.values()) {
            int n = perStatus == null ? 0 : perStatus.getOrDefault(status, 0);
            counts.add(n);
            total += n;
        }
        return new TableRow(label, counts, total, link);
    }

    /**
     * A chart's data for the static script: the labels, and one series per status (stacked) or one
     * series of totals (named {@code total}).
     */
    private static String chart(String type, boolean stacked, List<TableRow> rows, List<String> statuses,
            @Nullable String total) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("stacked", stacked);
        chart.put("categories", rows.stream().map(TableRow::label).toList());
        List<Map<String, Object>> series = new ArrayList<>();
        if (total != null) {
            series.add(Map.of("name", total, "data", rows.stream().map(TableRow::total).toList()));
        } else {
            for (int i = 0; i < statuses.size(); i++) {
                int column = i;
                series.add(Map.of("name", statuses.get(i), "status", Alerts.Status.values()[i].name(), "data",
                        rows.stream().map(r -> r.counts().get(column)).toList()));
            }
        }
        chart.put("series", series);
        return JSON.writeValueAsString(chart);
    }

    // ------------------------------------------------------------------------------------------

}
