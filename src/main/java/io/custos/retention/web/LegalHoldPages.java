package io.custos.retention.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.retention.HoldKind;
import io.custos.retention.LegalHold;
import io.custos.retention.LegalHolds;
import io.custos.shared.DomainException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Legal holds (issue 16.4, R-DEL-5): the active holds, placed and released with a reason by the
 * administration department or a security administrator; management and auditors read them.
 */
@Controller
class LegalHoldPages {

    private final LegalHolds holds;
    private final RetentionWords words;

    LegalHoldPages(LegalHolds holds, RetentionWords words) {
        this.holds = holds;
        this.words = words;
    }

    /** The place form as typed. */
    record HoldForm(String customer, String kind, String reference, String reason) {
    }

    @GetMapping("/retention/holds")
    String holds(@RequestParam(required = false) @Nullable UUID customer, @AuthenticationPrincipal CustosUser me,
            Model model, Locale locale) {
        return page(new HoldForm(customer == null ? "" : customer.toString(), "", "", ""), me, model);
    }

    @PostMapping("/retention/holds")
    String place(@RequestParam(defaultValue = "") String customer, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String reference, @RequestParam(defaultValue = "") String reason,
            @AuthenticationPrincipal CustosUser me, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        HoldForm form = new HoldForm(customer, kind, reference, reason);
        try {
            requirePlacer(me);
            UUID id;
            try {
                id = UUID.fromString(customer.strip());
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("retention-customer-ids-invalid", Map.of("field", "customer"));
            }
            holds.place(id, kind(kind), reference, reason, me);
            redirect.addFlashAttribute("notice", "retention.hold.placed");
            return "redirect:/retention/holds";
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                // An unknown or destroyed customer: said on the form, the same for both.
                e = DomainException.unprocessable("retention-customer-unknown", Map.of("field", "customer"));
            }
            RetentionWords.shown(e, response, model);
            return page(form, me, model);
        }
    }

    @PostMapping("/retention/holds/{id}/release")
    String release(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "false") boolean confirmed, @AuthenticationPrincipal CustosUser me,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            requirePlacer(me);
            RetentionWords.confirmed(confirmed);
            holds.release(id, reason, me);
            redirect.addFlashAttribute("notice", "retention.hold.released");
            return "redirect:/retention/holds";
        } catch (DomainException e) {
            RetentionWords.shown(e, response, model);
            model.addAttribute("releasing", id);
            model.addAttribute("releaseReason", reason);
            return page(new HoldForm("", "", "", ""), me, model);
        }
    }

    private String page(HoldForm form, CustosUser me, Model model) {
        if (!me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.SECURITY_ADMIN, Role.MANAGEMENT, Role.AUDITOR))
                || me.partner()) {
            throw new DomainException("retention-not-allowed", HttpStatus.FORBIDDEN);
        }
        List<LegalHold> active = holds.active();
        List<UUID> customers = new ArrayList<>(active.stream().map(LegalHold::customerId).toList());
        UUID chosen = null;
        try {
            chosen = form.customer().isBlank() ? null : UUID.fromString(form.customer().strip());
        } catch (IllegalArgumentException ignored) {
            // Named as a problem when sent.
        }
        if (chosen != null) {
            customers.add(chosen);
        }
        model.addAttribute("holds", active);
        model.addAttribute("form", form);
        model.addAttribute("chosen", chosen);
        model.addAttribute("kinds", HoldKind.values());
        model.addAttribute("companies", words.companies(customers));
        model.addAttribute("people", words.people(active.stream().map(LegalHold::placedBy).toList()));
        model.addAttribute("mayPlace", me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.SECURITY_ADMIN)));
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
        }
        return "retention/holds";
    }

    private static @Nullable HoldKind kind(String value) {
        try {
            return value.isBlank() ? null : HoldKind.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void requirePlacer(CustosUser me) {
        if (!me.hasAnyRole(List.of(Role.ADMIN_OFFICER, Role.SECURITY_ADMIN))) {
            throw new DomainException("legal-hold-not-allowed", HttpStatus.FORBIDDEN);
        }
    }
}
