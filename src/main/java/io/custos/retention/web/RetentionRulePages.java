package io.custos.retention.web;

import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.access.FieldRef;
import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.RetentionRule;
import io.custos.retention.RetentionRuleSet;
import io.custos.retention.RetentionRules;
import io.custos.retention.RuleKind;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The retention rules (issue 16.1, R-DEL-1): the rules in force in words, every version, the version
 * waiting for approval beside the one in force; the administration department proposes a new
 * version, a security administrator other than the proposer approves or rejects it, the proposer may
 * withdraw it.
 */
@Controller
class RetentionRulePages {

    /** Rows the proposal form offers: the rules of the version in force and room for one more. */
    private static final int SPARE_ROWS = 1;

    private final RetentionRules rules;
    private final RetentionWords words;
    private final Subjects subjects;

    RetentionRulePages(RetentionRules rules, RetentionWords words, Subjects subjects) {
        this.rules = rules;
        this.words = words;
        this.subjects = subjects;
    }

    /** One row of the proposal form, as typed. */
    record RuleRow(String code, String kind, String amount, String unit, List<String> fields) {
    }

    /** One line of the comparison of the pending version with the one in force. */
    record Change(String code, String change, @Nullable String before, @Nullable String after) {
    }

    @GetMapping("/retention/rules")
    String rules(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return page(me, model, locale);
    }

    @GetMapping("/retention/rules/new")
    String newVersion(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        requireProposer(me);
        List<RuleRow> rows = new ArrayList<>();
        for (RetentionRule rule : rules.inForce().rules()) {
            Period p = rule.period();
            String unit = p.getDays() != 0 ? "D" : p.getMonths() != 0 ? "M" : "Y";
            // Months and days together are rare; they are offered as days, about what they come to.
            long amount = switch (unit) {
                case "D" -> p.getDays() + 30L * p.toTotalMonths();
                case "M" -> p.toTotalMonths();
                default -> p.getYears();
            };
            rows.add(new RuleRow(rule.code(), rule.kind().name(), Long.toString(amount), unit, rule.fields()));
        }
        for (int i = 0; i < SPARE_ROWS; i++) {
            rows.add(new RuleRow("", "", "", "Y", List.of()));
        }
        return form(rows, "", null, model, locale);
    }

    @PostMapping("/retention/rules")
    String propose(@RequestParam MultiValueMap<String, String> params, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        requireProposer(me);
        List<RuleRow> rows = rows(params);
        String reason = Optional.ofNullable(params.getFirst("reason")).orElse("");
        try {
            List<RetentionRules.ProposedRule> proposed = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                RuleRow row = rows.get(i);
                if (row.code().isBlank() && row.kind().isBlank() && row.amount().isBlank()) {
                    continue;
                }
                proposed.add(new RetentionRules.ProposedRule(row.code().strip(), kind(row.kind()),
                        period(row.amount(), row.unit(), "rules[" + proposed.size() + "].period"), row.fields()));
            }
            RetentionRuleSet set = rules.propose(proposed, reason, me);
            redirect.addFlashAttribute("notice", "retention.rules.proposed");
            return "redirect:/retention/rules#version-" + set.version();
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            response.setStatus(e.status().value());
            return form(rows, reason, e, model, locale);
        }
    }

    @PostMapping("/retention/rules/{version}/decision")
    String decide(@PathVariable int version, @RequestParam(defaultValue = "") String decision,
            @RequestParam(defaultValue = "") String reason, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            RetentionRules.Decision chosen = switch (decision) {
                case "approve" -> RetentionRules.Decision.APPROVE;
                case "reject" -> RetentionRules.Decision.REJECT;
                default -> throw DomainException.unprocessable("retention-decision-required", Map.of("field", "decision"));
            };
            RetentionRuleSet set = rules.decide(version, chosen, reason.isBlank() ? null : reason, me);
            redirect.addFlashAttribute("notice", "retention.rules.decided." + set.status().name());
            return "redirect:/retention/rules";
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("decision", decision);
            model.addAttribute("reason", reason);
            return page(me, model, locale);
        }
    }

    @PostMapping("/retention/rules/{version}/withdrawal")
    String withdraw(@PathVariable int version, @AuthenticationPrincipal CustosUser me, Model model, Locale locale,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            rules.withdraw(version, me);
            redirect.addFlashAttribute("notice", "retention.rules.decided.WITHDRAWN");
            return "redirect:/retention/rules";
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            return page(me, model, locale);
        }
    }

    private String page(CustosUser me, Model model, Locale locale) {
        RetentionRuleSet inForce = rules.inForce();
        Optional<RetentionRuleSet> pending = rules.pending();
        List<RetentionRuleSet> versions = rules.versions();
        Map<Integer, Map<String, String>> ruleWords = new LinkedHashMap<>();
        List<java.util.UUID> people = new ArrayList<>();
        for (RetentionRuleSet set : versions) {
            ruleWords.put(set.version(), words.rules(set, locale));
            people.add(set.proposedBy());
            people.add(set.decidedBy());
        }
        model.addAttribute("inForce", inForce);
        model.addAttribute("pending", pending.orElse(null));
        model.addAttribute("changes", pending.map(p -> changes(inForce, p, locale)).orElse(List.of()));
        model.addAttribute("versions", versions);
        model.addAttribute("ruleWords", ruleWords);
        model.addAttribute("people", words.people(people));
        model.addAttribute("mayPropose", me.hasRole(Role.ADMIN_OFFICER) && pending.isEmpty());
        model.addAttribute("mayDecide", pending.isPresent() && me.hasRole(Role.SECURITY_ADMIN)
                && !me.id().equals(pending.get().proposedBy()));
        model.addAttribute("ownProposal", pending.isPresent() && me.hasRole(Role.SECURITY_ADMIN)
                && me.id().equals(pending.get().proposedBy()));
        model.addAttribute("mayWithdraw", pending.isPresent() && me.id().equals(pending.get().proposedBy()));
        return "retention/rules";
    }

    private List<Change> changes(RetentionRuleSet before, RetentionRuleSet after, Locale locale) {
        Map<String, String> old = words.rules(before, locale);
        Map<String, String> now = words.rules(after, locale);
        List<Change> changes = new ArrayList<>();
        now.forEach((code, text) -> {
            String was = old.get(code);
            changes.add(new Change(code, was == null ? "added" : Objects.equals(was, text) ? "same" : "changed", was,
                    text));
        });
        old.forEach((code, text) -> {
            if (!now.containsKey(code)) {
                changes.add(new Change(code, "removed", text, null));
            }
        });
        return changes;
    }

    private String form(List<RuleRow> rows, String reason, @Nullable DomainException problem, Model model,
            Locale locale) {
        Map<String, String> publicFields = new LinkedHashMap<>();
        Map<String, String> labels = subjects.fieldLabels(locale);
        for (FieldRef field : subjects.fields()) {
            if (field.level() == Sensitivity.L1) {
                publicFields.put(field.key(), labels.getOrDefault(field.key(), field.key()));
            }
        }
        model.addAttribute("rows", rows);
        model.addAttribute("reason", reason);
        model.addAttribute("kinds", RuleKind.values());
        model.addAttribute("publicFields", publicFields);
        model.addAttribute("problem", problem);
        model.addAttribute("problemField", problem == null ? null : problem.properties().get("field"));
        model.addAttribute("inForce", rules.inForce());
        return "retention/rule-form";
    }

    private static List<RuleRow> rows(MultiValueMap<String, String> params) {
        List<RuleRow> rows = new ArrayList<>();
        for (int i = 0; i < 20 && params.containsKey("rules[" + i + "].code"); i++) {
            String at = "rules[" + i + "].";
            List<String> fields = params.getOrDefault(at + "fields", List.of());
            rows.add(new RuleRow(value(params, at + "code"), value(params, at + "kind"), value(params, at + "amount"),
                    value(params, at + "unit"), List.copyOf(fields)));
        }
        return rows;
    }

    private static String value(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        return value == null ? "" : value;
    }

    private static @Nullable RuleKind kind(String value) {
        try {
            return value.isBlank() ? null : RuleKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Number and unit as an ISO period the service checks ({@code P2Y}); something else it refuses. */
    private static String period(String amount, String unit, String field) {
        String number = amount.strip();
        if (!number.matches("\\d{1,5}") || !unit.matches("[YMD]")) {
            throw DomainException.unprocessable("retention-rule-period-invalid", Map.of("field", field));
        }
        return "P" + Integer.parseInt(number) + unit;
    }

    private static void requireProposer(CustosUser me) {
        if (!me.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("retention-rules-not-allowed", HttpStatus.FORBIDDEN);
        }
    }
}
