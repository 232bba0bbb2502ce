package io.custos.supervision.web;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
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
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.supervision.ChecklistItem;
import io.custos.supervision.InspectionDetail;
import io.custos.supervision.InspectionReport;
import io.custos.supervision.InspectionView;
import io.custos.supervision.Inspections;
import io.custos.supervision.Quarter;

/**
 * The inspection pages (issue 20.5): the list of inspections with the plan form for the
 * administration department, and one inspection with its items by chapter, the evidence figures,
 * the inspector's form per item, completion and the report in both languages. A refused step shows
 * the page again with the reason in words and what was typed kept.
 */
@Controller
@RequestMapping("/supervision/inspections")
class InspectionPages {

    private final Inspections inspections;
    private final InspectionReport report;
    private final Employees employees;
    private final Times times;

    InspectionPages(Inspections inspections, InspectionReport report, Employees employees, Times times) {
        this.inspections = inspections;
        this.report = report;
        this.employees = employees;
        this.times = times;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("period", Quarter.of(inspections.today()).toString());
        kept.put("inspectorId", me.id().toString());
        return list(me, model, null, kept);
    }

    @PostMapping
    String plan(@RequestParam Map<String, String> form, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        try {
            InspectionView planned = inspections.plan(uuid(form.get("departmentId")), form.get("period"),
                    uuid(form.get("inspectorId")), me);
            redirect.addFlashAttribute("notice", "inspection.planned");
            return "redirect:/supervision/inspections/" + planned.id();
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            return list(me, model, e, kept);
        }
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(inspections.detail(id, me), me, model, null, Map.of());
    }

    @PostMapping("/{id}/items/{itemId}")
    String record(@PathVariable UUID id, @PathVariable UUID itemId, @RequestParam Map<String, String> form,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            inspections.record(id, itemId, score(form.get("score")), "true".equals(form.get("finding")),
                    form.get("findingText"), form.get("notes"), date(form.get("dueOn")), me);
            redirect.addFlashAttribute("notice", "inspection.item.recorded");
            return "redirect:/supervision/inspections/" + id + "#item-" + itemId;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            Map<String, String> kept = new LinkedHashMap<>(form);
            kept.remove("_csrf");
            kept.put("itemId", itemId.toString());
            return page(inspections.detail(id, me), me, model, e, kept);
        }
    }

    @PostMapping("/{id}/complete")
    String complete(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        try {
            inspections.complete(id, me);
            redirect.addFlashAttribute("notice", "inspection.completed");
            return "redirect:/supervision/inspections/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            return page(inspections.detail(id, me), me, model, e, Map.of());
        }
    }

    @GetMapping("/{id}/report.pdf")
    ResponseEntity<byte[]> report(@PathVariable UUID id, @RequestParam(defaultValue = "zh") String lang,
            @AuthenticationPrincipal CustosUser me) {
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        return InspectionApi.pdf(report.render(id, me, locale, times.zone()),
                "inspection-" + id + "-" + locale.getLanguage() + ".pdf");
    }

    private String list(CustosUser me, Model model, @Nullable DomainException problem, Map<String, String> kept) {
        List<InspectionView> visible = inspections.visibleTo(me);
        model.addAttribute("inspections", visible);
        model.addAttribute("departments", departments());
        model.addAttribute("people", names());
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        boolean plans = me.hasRole(Role.ADMIN_OFFICER) && !me.partner();
        model.addAttribute("plans", plans);
        model.addAttribute("readsChecklists", io.custos.supervision.Checklists.mayRead(me));
        if (plans) {
            model.addAttribute("inspectors", employees.current().stream()
                    .filter(e -> e.status() != EmployeeStatus.DEPARTED && e.partnerId() == null
                            && (e.roles().contains(Role.ADMIN_OFFICER) || e.roles().contains(Role.AUDITOR)))
                    .toList());
        }
        return "supervision/inspections";
    }

    private String page(InspectionDetail detail, CustosUser me, Model model, @Nullable DomainException problem,
            Map<String, String> kept) {
        InspectionView v = detail.view();
        boolean inspects = !v.completed() && me.id().equals(v.inspectorId());
        Map<String, List<ChecklistItem>> chapters = new LinkedHashMap<>();
        detail.checklist().items().forEach(i -> chapters.computeIfAbsent(i.chapter(), c -> new java.util.ArrayList<>())
                .add(i));
        model.addAttribute("detail", detail);
        model.addAttribute("v", v);
        model.addAttribute("chapters", chapters);
        model.addAttribute("departments", departments());
        model.addAttribute("people", names());
        model.addAttribute("inspects", inspects);
        model.addAttribute("recorded", detail.results().size());
        model.addAttribute("total", detail.results().values().stream().mapToInt(r -> r.score()).sum());
        model.addAttribute("defaultDue", inspections.today().plusDays(30));
        model.addAttribute("problem", problem);
        model.addAttribute("kept", kept);
        return "supervision/inspection";
    }

    private Map<UUID, DepartmentView> departments() {
        Map<UUID, DepartmentView> names = new LinkedHashMap<>();
        employees.departments().forEach(d -> names.put(d.id(), d));
        return names;
    }

    /** Display names of current staff (the inspectors, planners and owners named on the pages). */
    private Map<UUID, String> names() {
        Map<UUID, String> names = new LinkedHashMap<>();
        employees.current().forEach(e -> names.put(e.id(), e.displayName()));
        return names;
    }

    static @Nullable UUID uuid(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable Integer score(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static @Nullable LocalDate date(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw DomainException.unprocessable("inspection-due-invalid", Map.of("field", "dueOn"), 365);
        }
    }

    static String personName(Map<UUID, String> names, UUID id, Employees employees) {
        return names.computeIfAbsent(id, key -> employees.byId(key).map(EmployeeView::displayName).orElse("—"));
    }
}
