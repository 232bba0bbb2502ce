package io.custos.whistleblowing.web;

import java.util.Map;
import java.util.UUID;

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
import io.custos.shared.DomainException;
import io.custos.whistleblowing.Verdict;
import io.custos.whistleblowing.Whistleblowing;

/**
 * The handlers' pages (R-SUP-4): the reports this person handles and one report with its messages,
 * an answer and the closing verdict. A refused step shows the report again with the reason and the
 * words typed kept.
 */
@Controller
@RequestMapping("/whistleblowing/reports")
class WhistleblowingPages {

    private final Whistleblowing reports;

    WhistleblowingPages(Whistleblowing reports) {
        this.reports = reports;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustosUser me, Model model) {
        model.addAttribute("reports", reports.visibleTo(me));
        return "whistleblowing/reports";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(model, id, me, null, null, Map.of());
    }

    @PostMapping("/{id}/answer")
    String answer(@PathVariable UUID id, @RequestParam(required = false) @Nullable String text,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            reports.answer(id, text, me);
        } catch (DomainException e) {
            return refused(e, model, id, me, "answer", Map.of("text", text == null ? "" : text), response);
        }
        redirect.addFlashAttribute("notice", "whistle.answered");
        return "redirect:/whistleblowing/reports/" + id;
    }

    @PostMapping("/{id}/close")
    String close(@PathVariable UUID id, @RequestParam(required = false) @Nullable String verdict,
            @RequestParam(required = false) @Nullable String text, @AuthenticationPrincipal CustosUser me,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Verdict chosen = null;
        if (verdict != null) {
            for (Verdict v : Verdict.values()) {
                if (v.name().equals(verdict)) {
                    chosen = v;
                }
            }
        }
        try {
            reports.close(id, chosen, text, me);
        } catch (DomainException e) {
            return refused(e, model, id, me, "close",
                    Map.of("text", text == null ? "" : text, "verdict", verdict == null ? "" : verdict), response);
        }
        redirect.addFlashAttribute("notice", "whistle.closed");
        return "redirect:/whistleblowing/reports/" + id;
    }

    private String refused(DomainException e, Model model, UUID id, CustosUser me, String form, Map<String, String> typed,
            HttpServletResponse response) {
        if (e.status().value() == 404) {
            throw e;
        }
        response.setStatus(e.status().value());
        return page(model, id, me, e, form, typed);
    }

    private String page(Model model, UUID id, CustosUser me, @Nullable DomainException problem, @Nullable String form,
            Map<String, String> typed) {
        model.addAttribute("report", reports.detail(id, me));
        model.addAttribute("verdicts", Verdict.values());
        model.addAttribute("problem", problem);
        model.addAttribute("problemForm", form);
        model.addAttribute("typed", typed);
        return "whistleblowing/report";
    }
}
