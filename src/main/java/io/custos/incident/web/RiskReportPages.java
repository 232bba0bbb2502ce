package io.custos.incident.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.incident.DataCategory;
import io.custos.incident.RiskCategory;
import io.custos.incident.RiskReportView;
import io.custos.incident.RiskReports;
import io.custos.incident.Severity;
import io.custos.incident.Triage;
import io.custos.shared.DomainException;
import io.custos.shared.web.FormValues;

/**
 * The risk-report pages (issue 20.3): report a risk, the list (one's own; every report for IT
 * security), one report with IT security's triage form, and following an anonymous report by its
 * code. A refused step shows the page again with the reason and what was typed kept.
 */
@Controller
@RequestMapping("/risk-reports")
class RiskReportPages {

    private final RiskReports reports;
    private final Employees employees;

    RiskReportPages(RiskReports reports, Employees employees) {
        this.reports = reports;
        this.employees = employees;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("reports", reports.visibleTo(me));
        model.addAttribute("triages", RiskReports.triages(me));
        model.addAttribute("oversight", RiskReports.triages(me, true));
        return "incident/risk-list";
    }

    @GetMapping("/new")
    String form(@AuthenticationPrincipal CustosUser me, Model model) {
        return form(model, null, null, false, false, null);
    }

    @PostMapping
    String report(@RequestParam(required = false) @Nullable String category,
            @RequestParam(required = false) @Nullable String description,
            @RequestParam(defaultValue = "false") boolean anonymous,
            @RequestParam(defaultValue = "false") boolean concernsSecurity, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        RiskCategory chosen = FormValues.enumOf(RiskCategory.class, category);
        try {
            RiskReports.Submitted submitted = reports.report(chosen, description, anonymous, concernsSecurity, me);
            if (submitted.followUpCode() != null) {
                // Shown once, on this answer only: never in a URL, a flash attribute or a log.
                model.addAttribute("report", submitted.report());
                model.addAttribute("code", submitted.followUpCode());
                return "incident/risk-submitted";
            }
            redirect.addFlashAttribute("notice", "risk.reported");
            return "redirect:/risk-reports/" + submitted.report().id();
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return form(model, chosen, description, anonymous, concernsSecurity, e);
        }
    }

    @GetMapping("/follow")
    String followForm(Model model) {
        model.addAttribute("searched", false);
        return "incident/risk-follow";
    }

    /**
     * By POST, so the code stays out of URLs and access logs; audited as done by nobody (see
     * {@link RiskReports#follow}). After too many wrong codes, the page says so in words (429).
     */
    @PostMapping("/follow")
    String follow(@RequestParam(required = false) @Nullable String code, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        model.addAttribute("searched", true);
        try {
            RiskReportView found = reports.follow(code, request.getRemoteAddr()).orElse(null);
            model.addAttribute("report", found);
            if (found == null) {
                response.setStatus(404);
            }
        } catch (DomainException e) {
            if (e.status().value() != 429) {
                throw e;
            }
            response.setStatus(429);
            model.addAttribute("report", null);
            model.addAttribute("problem", e);
        }
        return "incident/risk-follow";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(reports.detail(id, me), me, model, null, Map.of(), List.of());
    }

    @PostMapping("/{id}/triage")
    String triage(@PathVariable UUID id, @RequestParam Map<String, String> form,
            @RequestParam(name = "categories", required = false) @Nullable List<String> categories,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            reports.triage(id, FormValues.enumOf(Triage.class, form.get("decision")), form.get("answer"),
                    FormValues.enumOf(Severity.class, form.get("severity")), categories(categories), me);
            redirect.addFlashAttribute("notice", "risk.triaged");
            return "redirect:/risk-reports/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            return page(reports.detail(id, me), me, model, e, kept, categories == null ? List.of() : categories);
        }
    }

    private String page(RiskReportView report, CustosUser me, Model model, @Nullable DomainException problem,
            Map<String, String> kept, List<String> chosen) {
        model.addAttribute("report", report);
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        // The ticked data categories stay ticked after a refusal (F6), and the refusal sits at its field.
        model.addAttribute("chosen", chosen);
        model.addAttribute("bad", IncidentForms.bad(problem, Set.of("decision", "answer", "severity", "categories")));
        model.addAttribute("problemKey", IncidentForms.problemKey(problem, "answer"));
        model.addAttribute("mayTriage", report.open() && RiskReports.triages(me, report.concernsSecurity())
                && !me.id().equals(report.reporterId()));
        model.addAttribute("decisions", Triage.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("dataCategories", DataCategory.values());
        List<UUID> ids = new ArrayList<>();
        if (report.reporterId() != null) {
            ids.add(report.reporterId());
        }
        if (report.triagedBy() != null) {
            ids.add(report.triagedBy());
        }
        Map<UUID, String> people = new LinkedHashMap<>();
        ids.forEach(p -> employees.byId(p).map(EmployeeView::displayName).ifPresent(name -> people.put(p, name)));
        model.addAttribute("people", people);
        return "incident/risk-report";
    }

    private String form(Model model, @Nullable RiskCategory category, @Nullable String description, boolean anonymous,
            boolean concernsSecurity, @Nullable DomainException problem) {
        model.addAttribute("concernsSecurity", concernsSecurity);
        model.addAttribute("categories", RiskCategory.values());
        model.addAttribute("category", category);
        model.addAttribute("description", description);
        model.addAttribute("anonymous", anonymous);
        model.addAttribute("problem", problem);
        model.addAttribute("bad", IncidentForms.bad(problem, Set.of("category", "description")));
        model.addAttribute("problemKey", IncidentForms.problemKey(problem, "description"));
        return "incident/risk-new";
    }

    private static Set<DataCategory> categories(@Nullable List<String> values) {
        return IncidentForms.categories(values);
    }
}
