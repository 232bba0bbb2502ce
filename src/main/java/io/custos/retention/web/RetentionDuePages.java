package io.custos.retention.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.DestructionBatch;
import io.custos.retention.DueCustomer;
import io.custos.retention.DestructionBatches;
import io.custos.retention.RetentionDue;
import io.custos.retention.RetentionRuleSet;
import io.custos.retention.RetentionRules;
import io.custos.retention.RetentionSweeps;
import io.custos.retention.SweepResult;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The due list (issue 16.2, R-DEL-1): what the newest sweep found due now or falling due within the
 * notice period, within the reader's reach (everyone's for the administration department, management
 * and auditors, the department's for its head, their own customers for an owner), in pages; a sweep
 * run on demand and the proposal to destroy a department's due customers.
 */
@Controller
class RetentionDuePages {

    static final int PAGE = 100;

    private final RetentionDue due;
    private final RetentionSweeps sweeps;
    private final RetentionRules rules;
    private final DestructionBatches batches;
    private final RetentionWords words;

    RetentionDuePages(RetentionDue due, RetentionSweeps sweeps, RetentionRules rules, DestructionBatches batches,
            RetentionWords words) {
        this.due = due;
        this.sweeps = sweeps;
        this.rules = rules;
        this.batches = batches;
        this.words = words;
    }

    @GetMapping("/retention/due")
    String due(@RequestParam(defaultValue = "all") String when, @RequestParam(defaultValue = "0") int page,
            @RequestParam(required = false) @Nullable UUID department, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        return page(when, page, department, me, model, locale);
    }

    @PostMapping("/retention/sweeps")
    String sweep(@AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!me.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("retention-not-allowed", HttpStatus.FORBIDDEN);
        }
        sweeps.sweep(me);
        redirect.addFlashAttribute("notice", "retention.due.swept");
        return "redirect:/retention/due";
    }

    @PostMapping("/retention/due/proposal")
    String propose(@RequestParam(required = false) @Nullable UUID department,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            UUID chosen = me.hasRole(Role.ADMIN_OFFICER) ? department : ownDepartment(me);
            if (chosen == null) {
                throw DomainException.unprocessable("destruction-department-required", Map.of("field", "departmentId"));
            }
            RetentionWords.confirmed(confirmed);
            DestructionBatch batch = batches.proposeDue(chosen, reason, me);
            redirect.addFlashAttribute("notice", "retention.notice.batchProposed");
            return "redirect:/retention/batches/" + batch.id();
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("reason", reason);
            model.addAttribute("proposalDepartment", department);
            return page("due", 0, me.hasRole(Role.ADMIN_OFFICER) ? department : null, me, model, locale);
        }
    }

    private String page(String when, int page, @Nullable UUID department, CustosUser me, Model model, Locale locale) {
        requireReader(me);
        boolean mayFilter = me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR));
        UUID filter = mayFilter ? department : null;
        boolean dueOnly = "due".equals(when);
        int at = Math.max(0, page);
        RetentionDue.Page shown = due.list(me, filter, dueOnly, at * PAGE, PAGE);
        long all = dueOnly ? due.list(me, filter, false, 0, 1).total() : shown.total();
        long dueNow = dueOnly ? shown.total() : due.list(me, filter, true, 0, 1).total();
        Optional<SweepResult> latest = sweeps.latest();
        RetentionRuleSet set = latest.flatMap(s -> rules.version(s.ruleVersion())).orElseGet(rules::inForce);
        List<UUID> people = new ArrayList<>(shown.customers().stream().map(DueCustomer::ownerId).toList());
        latest.ifPresent(s -> people.add(s.triggeredBy()));
        Map<UUID, String> departments = words.departments(locale);
        model.addAttribute("rows", shown.customers());
        model.addAttribute("when", dueOnly ? "due" : "all");
        model.addAttribute("page", at);
        model.addAttribute("pages", Math.max(1, (shown.total() + PAGE - 1) / PAGE));
        model.addAttribute("dueNow", dueNow);
        model.addAttribute("upcoming", all - dueNow);
        model.addAttribute("sweep", latest.orElse(null));
        model.addAttribute("ruleWords", words.rules(set, locale));
        model.addAttribute("people", words.people(people));
        model.addAttribute("departments", departments);
        model.addAttribute("department", filter);
        model.addAttribute("mayFilter", mayFilter);
        model.addAttribute("maySweep", me.hasRole(Role.ADMIN_OFFICER));
        // Where a proposal may go: any department for the administration department, a head's own.
        Map<UUID, String> proposable = new LinkedHashMap<>();
        if (dueNow > 0 && me.hasRole(Role.ADMIN_OFFICER)) {
            proposable.putAll(departments);
        } else if (dueNow > 0 && me.hasRole(Role.DEPT_HEAD) && me.departmentId() != null) {
            proposable.put(me.departmentId(), departments.getOrDefault(me.departmentId(), ""));
        }
        model.addAttribute("proposable", proposable);
        if (!model.containsAttribute("proposalDepartment")) {
            model.addAttribute("proposalDepartment", filter != null ? filter : me.departmentId());
        }
        return "retention/due";
    }

    /** Someone with no part in retention (a system or security administrator) reads no due list. */
    static void requireReader(CustosUser me) {
        if (me.partner()) {
            throw DomainException.notFound();
        }
        if (!me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.MANAGEMENT, Role.AUDITOR, Role.DEPT_HEAD, Role.EMPLOYEE))) {
            throw new DomainException("retention-not-allowed", HttpStatus.FORBIDDEN);
        }
    }

    private static @Nullable UUID ownDepartment(CustosUser me) {
        if (!me.hasRole(Role.DEPT_HEAD)) {
            throw new DomainException("destruction-not-allowed", HttpStatus.FORBIDDEN);
        }
        return me.departmentId();
    }
}
