package io.custos.whistleblowing.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.shared.DomainException;
import io.custos.whistleblowing.FollowUp;
import io.custos.whistleblowing.Submitted;
import io.custos.whistleblowing.Whistleblowing;

/**
 * The whistleblower's page (R-SUP-4), reachable without an account: a form for a report, the
 * follow-up code once it is made, and the follow-up (status, answers, adding facts) by code. Every
 * answer is rendered directly, never through a redirect (which would need a session to carry the
 * code); the code is posted, never put in an address. A refusal shows the page again with the
 * reason and what was typed kept.
 */
@Controller
@RequestMapping("/whistleblowing")
class PublicWhistleblowingPages {

    private final Whistleblowing reports;

    PublicWhistleblowingPages(Whistleblowing reports) {
        this.reports = reports;
    }

    @GetMapping
    String form(Model model) {
        return page(model, null, false, null, null);
    }

    @PostMapping
    String submit(@RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String concernsAdministration, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        boolean admin = "true".equals(concernsAdministration);
        try {
            Submitted submitted = reports.submit(text, admin, request.getRemoteAddr());
            model.addAttribute("submitted", submitted);
            return "whistleblowing/public";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            return page(model, text, admin, e, null);
        }
    }

    /**
     * The language switch on a follow-up page links to its address with GET: back to the page in
     * that language (the code was posted and is not repeated in an address).
     */
    @GetMapping({"/follow-up", "/follow-up/message"})
    String backToThePage(@RequestParam(required = false) @Nullable String lang) {
        return "redirect:/whistleblowing" + ("en".equals(lang) || "zh-CN".equals(lang) ? "?lang=" + lang : "");
    }

    @PostMapping("/follow-up")
    String followUp(@RequestParam(required = false) @Nullable String code, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        try {
            if (code == null || code.isBlank()) {
                throw DomainException.unprocessable("whistle-code-required", java.util.Map.of("field", "code"));
            }
            return followUpPage(model, reports.followUp(code, request.getRemoteAddr()), code, null, null);
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            // The code typed is kept, so a reporter who mistyped one character need not retype 24.
            model.addAttribute("code", code);
            return page(model, null, false, null, e);
        }
    }

    @PostMapping("/follow-up/message")
    String message(@RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String text, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        FollowUp after;
        try {
            after = reports.addMessage(code, text, request.getRemoteAddr());
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            if (e.status().value() == 404 || e.status().value() == 429) {
                return page(model, null, false, null, e);
            }
            return followUpPage(model, reports.followUp(code, request.getRemoteAddr()), code, text, e);
        }
        model.addAttribute("notice", "whistle.public.added");
        return followUpPage(model, after, code, null, null);
    }

    private static String page(Model model, @Nullable String text, boolean admin, @Nullable DomainException problem,
            @Nullable DomainException followUpProblem) {
        model.addAttribute("text", text);
        model.addAttribute("concernsAdministration", admin);
        model.addAttribute("problem", problem);
        model.addAttribute("followUpProblem", followUpProblem);
        return "whistleblowing/public";
    }

    private static String followUpPage(Model model, FollowUp followUp, @Nullable String code, @Nullable String text,
            @Nullable DomainException problem) {
        model.addAttribute("followUp", followUp);
        model.addAttribute("code", code);
        model.addAttribute("text", text);
        model.addAttribute("problem", problem);
        return "whistleblowing/public";
    }
}
