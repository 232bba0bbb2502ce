package io.custos.access.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.access.AccessAction;
import io.custos.access.AccessExplanations;
import io.custos.access.AccessPolicies;
import io.custos.access.AccessPolicy;
import io.custos.access.AccessReviews;
import io.custos.access.AccessRule;
import io.custos.access.FieldRef;
import io.custos.access.FlaggedAccess;
import io.custos.access.PolicyDiff;
import io.custos.access.ReviewOutcome;
import io.custos.access.RuleRelation;
import io.custos.access.Subjects;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.shared.web.Times;

/**
 * The access module's pages: the policy (read by the security administrator and the auditor,
 * edited one rule at a time by the security administrator), the review list of emergency accesses
 * and flagged reveals (security administrator, department heads), and "why could X see F"
 * (security administrator, auditor). The services decide and check; the rules here keep others from
 * seeing empty forms. Refusals are shown translated in the form they came from.
 */
@Controller
@RequestMapping("/access")
class AccessPages {

    private final AccessPolicies policies;
    private final AccessReviews reviews;
    private final AccessExplanations explanations;
    private final Purposes purposes;
    private final Subjects subjects;
    private final Clock clock;
    /** Date-time fields show and are read in the reader's zone. */
    private final Times times;

    AccessPages(AccessPolicies policies, AccessReviews reviews, AccessExplanations explanations, Purposes purposes,
            Subjects subjects, Clock clock, Times times) {
        this.times = times;
        this.policies = policies;
        this.reviews = reviews;
        this.explanations = explanations;
        this.purposes = purposes;
        this.subjects = subjects;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- policy

    /** A rule as the page shows it: sets in a stable order. */
    record RuleRow(String id, RuleRelation relation, List<Role> roles, List<AccessAction> actions,
            @Nullable Sensitivity show, @Nullable Sensitivity mask, @Nullable Sensitivity reveal, List<String> purposes,
            List<String> sensitivePurposes, boolean review) {

        static RuleRow of(AccessRule rule) {
            return new RuleRow(rule.id(), rule.relation(), sorted(rule.roles()), sorted(rule.actions()), rule.show(),
                    rule.mask(), rule.reveal(), List.copyOf(new TreeSet<>(rule.purposes())),
                    List.copyOf(new TreeSet<>(rule.sensitivePurposes())), rule.review());
        }

        private static <E extends Enum<E>> List<E> sorted(Set<E> values) {
            return values.stream().sorted().toList();
        }
    }

    @GetMapping("/policy")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    String policy(@RequestParam(required = false) @Nullable Integer version, Model model, Locale locale) {
        AccessPolicy current = policies.current();
        AccessPolicy shown = version == null || version == current.version() ? current
                : policies.version(version).orElseThrow(DomainException::notFound);
        model.addAttribute("policy", shown);
        model.addAttribute("rules", shown.rules().stream().map(RuleRow::of).toList());
        model.addAttribute("currentVersion", current.version());
        model.addAttribute("versions", policies.versions());
        model.addAttribute("draft", policies.draft().orElse(null));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        return "access/policy";
    }

    /** The form for one rule of the current version; saving it makes the next version. */
    record RuleForm(String id, String relation, Set<String> roles, Set<String> actions, String show, String mask,
            String reveal, Set<String> purposes, Set<String> sensitivePurposes, boolean review, String reason,
            int expectedVersion) {

        static RuleForm of(AccessRule rule, int version) {
            return new RuleForm(rule.id(), rule.relation().name(), names(rule.roles()), names(rule.actions()),
                    name(rule.show()), name(rule.mask()), name(rule.reveal()), new TreeSet<>(rule.purposes()),
                    new TreeSet<>(rule.sensitivePurposes()), rule.review(), "", version);
        }

        private static Set<String> names(Set<? extends Enum<?>> values) {
            Set<String> names = new TreeSet<>();
            values.forEach(v -> names.add(v.name()));
            return names;
        }

        private static String name(@Nullable Enum<?> value) {
            return value == null ? "" : value.name();
        }

        /** The rule the form describes; a value that is not one of the choices is refused naming its field. */
        AccessRule rule() {
            return new AccessRule(id, choice(RuleRelation.class, relation, "relation"),
                    choices(Role.class, roles, "roles"), choices(AccessAction.class, actions, "actions"),
                    level(show, "show"), level(mask, "mask"), level(reveal, "reveal"), purposes, sensitivePurposes,
                    review);
        }

        private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("access-rule-invalid", Map.of("field", field), field);
            }
        }

        private static <E extends Enum<E>> Set<E> choices(Class<E> type, Set<String> values, String field) {
            Set<E> set = EnumSet.noneOf(type);
            values.forEach(v -> set.add(choice(type, v, field)));
            return set;
        }

        private static @Nullable Sensitivity level(String value, String field) {
            return value.isBlank() ? null : choice(Sensitivity.class, value, field);
        }
    }

    @GetMapping("/policy/rules/{ruleId}")
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    String editRule(@PathVariable String ruleId, Model model, Locale locale) {
        AccessPolicy working = policies.working();
        AccessRule rule = working.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst()
                .orElseThrow(DomainException::notFound);
        return ruleForm(RuleForm.of(rule, working.version()), null, model, locale);
    }

    /**
     * Saving a rule first shows what the change does against the version in force and asks for
     * confirmation ({@code confirmed}); confirmed, it becomes a draft that a second person approves.
     */
    @PostMapping("/policy/rules/{ruleId}")
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    String saveRule(@PathVariable String ruleId, @RequestParam(defaultValue = "") String relation,
            @RequestParam(required = false) @Nullable List<String> roles,
            @RequestParam(required = false) @Nullable List<String> actions,
            @RequestParam(defaultValue = "") String show, @RequestParam(defaultValue = "") String mask,
            @RequestParam(defaultValue = "") String reveal,
            @RequestParam(required = false) @Nullable List<String> purposes,
            @RequestParam(required = false) @Nullable List<String> sensitivePurposes,
            @RequestParam(defaultValue = "false") boolean review, @RequestParam(defaultValue = "") String reason,
            @RequestParam int expectedVersion, @RequestParam(defaultValue = "false") boolean confirmed,
            @RequestParam(defaultValue = "false") boolean back, @AuthenticationPrincipal CustosUser me, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        RuleForm form = new RuleForm(ruleId, relation, set(roles), set(actions), show, mask, reveal, set(purposes),
                set(sensitivePurposes), review, reason, expectedVersion);
        if (back) {
            return ruleForm(form, null, model, locale);
        }
        try {
            AccessPolicy base = policies.version(expectedVersion).orElseThrow(DomainException::notFound);
            List<AccessRule> rules = new ArrayList<>(base.rules());
            int index = -1;
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).id().equals(ruleId)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw DomainException.notFound();
            }
            rules.set(index, form.rule());
            if (!confirmed) {
                AccessPolicy candidate = policies.check(rules, reason, expectedVersion + 1, me);
                AccessPolicy inForce = policies.current();
                model.addAttribute("form", form);
                model.addAttribute("diff", PolicyDiff.between(inForce, candidate));
                model.addAttribute("inForce", inForce.version());
                model.addAttribute("purposeLabels", purposeLabels(locale));
                return "access/confirm";
            }
            AccessPolicy saved = policies.replace(rules, reason, expectedVersion, me);
            redirect.addFlashAttribute("notice", "access.policy.proposed");
            return "redirect:/access/policy/versions/" + saved.version();
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            return ruleForm(form, e, model, locale);
        }
    }

    // ---------------------------------------------------------------- approval

    @GetMapping("/policy/versions/{version}")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR', 'MANAGEMENT', 'ADMIN_OFFICER')")
    String version(@PathVariable int version, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        return versionPage(version, me, model, locale);
    }

    /** Approves or rejects a draft, confirmed and with a reason (issue 13.3, 14.11, 14.12). */
    @PostMapping("/policy/versions/{version}/decision")
    @PreAuthorize("hasAnyRole('MANAGEMENT', 'ADMIN_OFFICER')")
    String decide(@PathVariable int version, @RequestParam(defaultValue = "") String decision,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirm,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            if (!decision.equals("approve") && !decision.equals("reject")) {
                throw DomainException.unprocessable("policy-decision-required", Map.of("field", "decision"));
            }
            if (!confirm) {
                throw DomainException.unprocessable("policy-decision-confirm", Map.of("field", "confirm"));
            }
            if (decision.equals("approve")) {
                policies.approve(version, reason, me);
                redirect.addFlashAttribute("notice", "access.policy.approved");
            } else {
                policies.reject(version, reason, me);
                redirect.addFlashAttribute("notice", "access.policy.rejected");
            }
            return "redirect:/access/policy/versions/" + version;
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("problemField", e.properties().get("field"));
            model.addAttribute("decision", decision);
            model.addAttribute("reason", reason);
            return versionPage(version, me, model, locale);
        }
    }

    private String versionPage(int version, CustosUser me, Model model, Locale locale) {
        AccessPolicies.VersionSummary summary = policies.summary(version).orElseThrow(DomainException::notFound);
        boolean draft = summary.status() == AccessPolicies.Status.DRAFT;
        boolean own = policies.authoredBy(version, me.id()) || summary.createdBy().equals(me.username());
        model.addAttribute("summary", summary);
        model.addAttribute("diff", draft ? policies.diff(version) : null);
        model.addAttribute("own", draft && own);
        model.addAttribute("mayDecide", draft && !own && AccessPolicies.mayDecide(me.roles()));
        model.addAttribute("mayReadPolicy", me.roles().contains(Role.SECURITY_ADMIN) || me.roles().contains(Role.AUDITOR));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        if (!model.containsAttribute("decision")) {
            model.addAttribute("decision", "");
            model.addAttribute("reason", "");
        }
        return "access/version";
    }

    private String ruleForm(RuleForm form, @Nullable DomainException problem, Model model, Locale locale) {
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("problemField", problem == null ? null : problem.properties().get("field"));
        model.addAttribute("relations", RuleRelation.values());
        model.addAttribute("roles", Role.values());
        model.addAttribute("actions", AccessAction.values());
        model.addAttribute("levels", Sensitivity.values());
        model.addAttribute("purposes", purposes.all());
        model.addAttribute("purposeLabels", purposeLabels(locale));
        return "access/rule";
    }

    private static Set<String> set(@Nullable List<String> values) {
        return values == null ? Set.of() : new TreeSet<>(values.stream().filter(v -> !v.isBlank()).toList());
    }

    // ---------------------------------------------------------------- reviews

    @GetMapping("/reviews")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'DEPT_HEAD')")
    String reviews(@RequestParam(defaultValue = "false") boolean all, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        return reviewList(all, me, model, locale);
    }

    @PostMapping("/reviews/{id}")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'DEPT_HEAD')")
    String review(@PathVariable UUID id, @RequestParam(defaultValue = "") String outcome,
            @RequestParam(defaultValue = "") String note, @RequestParam(defaultValue = "false") boolean all,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            ReviewOutcome chosen;
            try {
                chosen = ReviewOutcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("review-outcome-required", Map.of("field", "outcome"));
            }
            reviews.review(id, chosen, note, me);
            redirect.addFlashAttribute("notice", "access.reviews.saved");
            return all ? "redirect:/access/reviews?all=true" : "redirect:/access/reviews";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("problemItem", id);
            model.addAttribute("note", note);
            model.addAttribute("outcome", outcome);
            String page = reviewList(all, me, model, locale);
            // Next to the item's form when it still has one; above the list otherwise (reviewed meanwhile).
            @SuppressWarnings("unchecked")
            List<FlaggedAccess> items = (List<FlaggedAccess>) model.getAttribute("items");
            model.addAttribute("problemInline", items != null && items.stream().anyMatch(i -> i.id().equals(id)
                    && i.reviewedAt() == null && !i.employeeId().equals(me.id())));
            return page;
        }
    }

    private String reviewList(boolean all, CustosUser me, Model model, Locale locale) {
        List<FlaggedAccess> items = reviews.list(me, all);
        model.addAttribute("items", items);
        model.addAttribute("all", all);
        model.addAttribute("me", me.id());
        model.addAttribute("outcomes", ReviewOutcome.values());
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        model.addAttribute("open", items.stream().filter(i -> i.reviewedAt() == null).count());
        return "access/reviews";
    }

    /** One item of the review list with everything it stands for; the list's link opens this (issue 14.13). */
    @GetMapping("/reviews/{id}")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'DEPT_HEAD')")
    String reviewItem(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        model.addAttribute("i", reviews.view(id, me));
        model.addAttribute("outcomes", ReviewOutcome.values());
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        return "access/review";
    }

    // ---------------------------------------------------------------- explanations

    @GetMapping("/explain")
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    String explain(@RequestParam(required = false) @Nullable String employee,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String company,
            @RequestParam(required = false) @Nullable String field, @RequestParam(required = false) @Nullable String at,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response) {
        model.addAttribute("employee", employee);
        model.addAttribute("people", explanations.people());
        model.addAttribute("customer", customer);
        model.addAttribute("company", company);
        model.addAttribute("field", field);
        model.addAttribute("fields", subjects.fields().stream().map(FieldRef::key).toList());
        model.addAttribute("fieldLabels", subjects.fieldLabels(locale));
        model.addAttribute("purposeLabels", purposeLabels(locale));
        model.addAttribute("atField", at);
        boolean asked = employee != null || customer != null || company != null || field != null || at != null;
        if (!asked) {
            return "access/explain";
        }
        try {
            Instant time = time(at);
            model.addAttribute("atField", times.field(time));
            String username = required(employee, "employee");
            UUID customerId;
            if (customer == null || customer.isBlank()) {
                Map<UUID, String> named = explanations.customersNamed(company == null ? "" : company);
                if (named.size() != 1) {
                    model.addAttribute("companyChoices", named);
                    throw DomainException.unprocessable(named.isEmpty() ? "customer-unknown" : "customer-ambiguous",
                            Map.of("field", "company"));
                }
                customerId = named.keySet().iterator().next();
            } else {
                customerId = customerId(customer);
            }
            AccessExplanations.Explanation explanation = explanations.explain(username, customerId,
                    required(field, "field"), time, me);
            model.addAttribute("customer", customerId.toString());
            model.addAttribute("company", explanations.companyName(customerId));
            model.addAttribute("explanation", explanation);
            model.addAttribute("recorded", explanation.recorded());
            model.addAttribute("evaluated", explanation.evaluated());
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("problemField", e.properties().get("field"));
        }
        return "access/explain";
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw DomainException.unprocessable(field.equals("employee") ? "employee-unknown" : "field-unknown",
                    Map.of("field", field));
        }
        return value.strip();
    }

    private static UUID customerId(@Nullable String value) {
        try {
            return UUID.fromString(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.unprocessable("customer-id-invalid", Map.of("field", "customer"));
        }
    }

    /** A date-time field's value, read in the reader's zone (an ISO instant is accepted too); empty: now. */
    private Instant time(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).atZone(times.zone()).toInstant();
            } catch (DateTimeParseException e) {
                throw DomainException.unprocessable("time-invalid", Map.of("field", "at"));
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /** Purpose codes with their label in the page's language. */
    private Map<String, String> purposeLabels(Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        purposes.all().forEach(p -> labels.put(p.code(), p.label(locale)));
        return labels;
    }
}
