package io.custos.handover.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
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

import io.custos.handover.HandoverCase;
import io.custos.handover.HandoverItem;
import io.custos.handover.HandoverReport;
import io.custos.handover.Handovers;
import io.custos.handover.ItemKind;
import io.custos.handover.ItemOutcome;
import io.custos.handover.ItemWords;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The handover pages (R-EMP-5, issue 18.6): the list of cases, and one case with its items grouped
 * by kind. The head settles items in bulk from here (tick, choose the colleague, confirm); the
 * person gives the undertaking; HR, auditors and management read. A refused step shows the page
 * again with the reason in words and the ticks and choice kept.
 */
@Controller
@RequestMapping("/handovers")
class HandoverPages {

    private final Handovers handovers;
    private final HandoverReport report;
    private final Employees employees;
    private final ItemWords words;
    private final Times times;

    HandoverPages(Handovers handovers, HandoverReport report, Employees employees, ItemWords words, Times times) {
        this.words = words;
        this.handovers = handovers;
        this.report = report;
        this.employees = employees;
        this.times = times;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        List<HandoverCase> cases = handovers.visibleTo(me);
        model.addAttribute("cases", cases);
        model.addAttribute("departments", departmentNames());
        return "handover/list";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(handovers.detail(id, me), model, null, List.of(), null);
    }

    @PostMapping("/{id}/assignments")
    String assign(@PathVariable UUID id, @RequestParam(name = "items", required = false) @Nullable List<UUID> items,
            @RequestParam ItemOutcome outcome, @RequestParam(required = false) @Nullable UUID successor,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        List<UUID> chosen = items == null ? List.of() : items;
        try {
            handovers.settle(id, chosen, outcome, successor, me);
            redirect.addFlashAttribute("notice", "handover.settled");
            redirect.addFlashAttribute("settledCount", chosen.size());
            return "redirect:/handovers/" + id;
        } catch (DomainException e) {
            if (e.status().is4xxClientError() && e.status().value() != 404) {
                return refused(response, e, handovers.detail(id, me), model, chosen, successor);
            }
            throw e;
        }
    }

    @PostMapping("/{id}/undertaking")
    String undertaking(@PathVariable UUID id, @RequestParam(defaultValue = "ONLINE") String method,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            if ("PAPER".equals(method)) {
                handovers.recordPaperUndertaking(id, me);
            } else {
                handovers.undertake(id, me);
            }
            redirect.addFlashAttribute("notice", "handover.undertaking.done");
            return "redirect:/handovers/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            return refused(response, e, handovers.detail(id, me), model, List.of(), null);
        }
    }

    @PostMapping("/{id}/sign-off")
    String signOff(@PathVariable UUID id, @RequestParam int version, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            handovers.signOff(id, version, me);
            redirect.addFlashAttribute("notice", "handover.signedOff");
            return "redirect:/handovers/" + id;
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            return refused(response, e, handovers.detail(id, me), model, List.of(), null);
        }
    }

    /** The report as PDF in the language asked for (HR, the head, auditors, management). */
    @GetMapping("/{id}/report.pdf")
    ResponseEntity<byte[]> report(@PathVariable UUID id, @RequestParam(defaultValue = "zh-CN") String lang,
            @AuthenticationPrincipal CustosUser me) {
        return ReportResponses.pdf(report, id, me, lang, times.zone());
    }

    /**
     * The page again with the reason, answered with the refusal's status (409, 422, 403) as the
     * other pages do, so a browser, a proxy or a test does not take a refused step for a done one.
     */
    private String refused(HttpServletResponse response, DomainException problem, Handovers.CaseDetail detail,
            Model model, List<UUID> chosen, @Nullable UUID successor) {
        response.setStatus(problem.status().value());
        return page(detail, model, problem, chosen, successor);
    }

    private String page(Handovers.CaseDetail detail, Model model, @Nullable DomainException problem,
            List<UUID> chosen, @Nullable UUID successor) {
        Map<ItemKind, List<HandoverItem>> groups = new LinkedHashMap<>();
        for (ItemKind kind : ItemKind.values()) {
            groups.put(kind, new ArrayList<>());
        }
        detail.items().forEach(i -> groups.get(i.kind()).add(i));
        groups.values().removeIf(List::isEmpty);
        model.addAttribute("detail", detail);
        model.addAttribute("handover", detail.handover());
        model.addAttribute("groups", groups);
        model.addAttribute("problem", problem);
        model.addAttribute("chosen", chosen);
        model.addAttribute("chosenSuccessor", successor);
        model.addAttribute("departments", departmentNames());
        model.addAttribute("people", peopleNames(detail));
        model.addAttribute("words", words.describe(detail.items(), LocaleContextHolder.getLocale()));
        if (detail.maySettle()) {
            model.addAttribute("successors", handovers.successorChoices(detail.handover()));
            model.addAttribute("custodians", handovers.custodianChoices(detail.handover()));
        }
        return "handover/case";
    }

    /** Department names in both languages by id, for the page to pick the reader's. */
    private Map<UUID, io.custos.identity.DepartmentView> departmentNames() {
        Map<UUID, io.custos.identity.DepartmentView> names = new LinkedHashMap<>();
        employees.departments().forEach(d -> names.put(d.id(), d));
        return names;
    }

    /** The names of the people a case mentions (successors, who settled, who signed off). */
    private Map<UUID, String> peopleNames(Handovers.CaseDetail detail) {
        Map<UUID, String> names = new LinkedHashMap<>();
        List<UUID> ids = new ArrayList<>();
        detail.items().forEach(i -> {
            if (i.successorId() != null) {
                ids.add(i.successorId());
            }
            if (i.settledBy() != null) {
                ids.add(i.settledBy());
            }
        });
        if (detail.handover().signedOffBy() != null) {
            ids.add(detail.handover().signedOffBy());
        }
        if (detail.headId() != null) {
            ids.add(detail.headId());
        }
        for (UUID id : ids) {
            names.computeIfAbsent(id, key -> employees.byId(key).map(EmployeeView::displayName).orElse("—"));
        }
        return names;
    }
}
