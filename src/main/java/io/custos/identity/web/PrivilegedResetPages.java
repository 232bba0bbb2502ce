package io.custos.identity.web;

import java.util.UUID;

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
import io.custos.identity.PrivilegedResetView;
import io.custos.identity.PrivilegedResets;
import io.custos.shared.DomainException;

/** The page a home-page task links to: one reset of a privileged account, decided by a second person (issue 24.4). */
@Controller
@RequestMapping("/privileged-resets")
class PrivilegedResetPages {

    private final PrivilegedResets resets;

    PrivilegedResetPages(PrivilegedResets resets) {
        this.resets = resets;
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        return page(resets.get(id, me), me, model);
    }

    /** The approver sees where the link went (or the link to hand over): the page is the only place it shows. */
    @PostMapping("/{id}/approval")
    String approve(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me, Model model) {
        try {
            PrivilegedResets.Approved approved = resets.approve(id, me);
            model.addAttribute("delivery", approved.delivery());
            model.addAttribute("notice", "privilegedReset.approved");
            return page(approved.request(), me, model);
        } catch (DomainException e) {
            model.addAttribute("error", e);
            return page(resets.get(id, me), me, model);
        }
    }

    @PostMapping("/{id}/rejection")
    String reject(@PathVariable UUID id, @RequestParam(required = false) @Nullable String note,
            @AuthenticationPrincipal CustosUser me, Model model, RedirectAttributes redirect) {
        try {
            resets.reject(id, note, me);
            redirect.addFlashAttribute("notice", "privilegedReset.rejected");
            return "redirect:/privileged-resets/" + id;
        } catch (DomainException e) {
            model.addAttribute("error", e);
            model.addAttribute("note", note);
            return page(resets.get(id, me), me, model);
        }
    }

    private String page(PrivilegedResetView reset, CustosUser me, Model model) {
        model.addAttribute("reset", reset);
        model.addAttribute("reasonText", resets.reason(reset.id()));
        model.addAttribute("mayDecide", resets.mayDecide(reset, me));
        return "identity/privileged-reset";
    }
}
