package io.custos.discipline.web;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.discipline.Proposals;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.whistleblowing.Whistleblowing;

/**
 * Paying a whistleblower's approved reward (R-SUP-4, R-SUP-5): a handler of the report types the
 * code the reporter shows; the page never shows the report. The code travels in the form's body,
 * never in an address.
 */
@Controller
@RequestMapping("/discipline/rewards/pay")
class RewardPages {

    private final Proposals proposals;

    RewardPages(Proposals proposals) {
        this.proposals = proposals;
    }

    @GetMapping
    String form(@AuthenticationPrincipal CustosUser me, Model model) {
        if (!Whistleblowing.handles(me)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return "discipline/pay";
    }

    @PostMapping
    String pay(@RequestParam(required = false) @Nullable String code, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response) {
        try {
            model.addAttribute("paid", proposals.payReward(code, me));
        } catch (DomainException e) {
            if (e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("code", code);
        }
        return "discipline/pay";
    }
}
