package io.custos.portal.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.custos.customer.CustomerSelfView;
import io.custos.portal.CustomerRecipients;
import io.custos.portal.CustomerUses;
import io.custos.portal.PortalConsents;
import io.custos.portal.PortalCustomer;
import io.custos.shared.DomainException;

/**
 * The portal's pages about the customer's own data (R-CUS-1): what is held, who used it, with whom it
 * was shared, and the consents with their withdrawal. A withdrawal takes two steps, both POSTed with
 * the CSRF token: the first shows in words what stops, the second does it; a link cannot withdraw
 * anything, and a mistaken tap on a phone does not either.
 */
@Controller
@RequestMapping("/portal")
class PortalDataPages {

    private final CustomerSelfView selfView;
    private final CustomerUses uses;
    private final CustomerRecipients recipients;
    private final PortalConsents consents;

    PortalDataPages(CustomerSelfView selfView, CustomerUses uses, CustomerRecipients recipients,
            PortalConsents consents) {
        this.selfView = selfView;
        this.uses = uses;
        this.recipients = recipients;
        this.consents = consents;
    }

    @GetMapping("/data")
    String data(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale, Model model) {
        UUID customer = PortalDataApi.customerOf(me);
        model.addAttribute("company", selfView.companyName(customer));
        model.addAttribute("fields", selfView.heldAbout(customer, locale));
        return "portal/data";
    }

    @GetMapping("/uses")
    String uses(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale, Model model) {
        model.addAttribute("lines", uses.of(PortalDataApi.customerOf(me), locale));
        return "portal/uses";
    }

    @GetMapping("/recipients")
    String recipients(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale, Model model) {
        model.addAttribute("recipients", recipients.of(PortalDataApi.customerOf(me), locale));
        return "portal/recipients";
    }

    @GetMapping("/consents")
    String consents(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale, Model model) {
        model.addAttribute("overview", consents.of(PortalDataApi.customerOf(me), locale));
        return "portal/consents";
    }

    /**
     * One button per purpose (or separate consent) posts here. Without {@code confirmed} the answer is
     * the confirmation in words; with it, the withdrawal, then the consents page with a notice. A
     * refusal (nothing chosen, an unknown purpose) shows the consents page again with the reason and
     * the refusal's status.
     */
    @PostMapping("/consents/withdraw")
    String withdraw(@RequestParam(name = "purpose", required = false) @Nullable List<String> purposes,
            @RequestParam(defaultValue = "false") boolean sensitiveConsent,
            @RequestParam(defaultValue = "false") boolean thirdPartyConsent,
            @RequestParam(defaultValue = "false") boolean confirmed,
            @AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        UUID customer = PortalDataApi.customerOf(me);
        Set<String> chosen = new LinkedHashSet<>();
        if (purposes != null) {
            purposes.stream().filter(p -> p != null && !p.isBlank()).forEach(chosen::add);
        }
        PortalConsents.Overview overview = consents.of(customer, locale);
        try {
            if (!confirmed) {
                if (chosen.isEmpty() && !sensitiveConsent && !thirdPartyConsent) {
                    throw DomainException.unprocessable("withdrawal-empty", java.util.Map.of("field", "purposes"));
                }
                List<PortalConsents.ConsentedPurpose> stopping = overview.purposes().stream()
                        .filter(p -> chosen.contains(p.code())).toList();
                if (stopping.size() != chosen.size()) {
                    // Only purposes still consented to can be confirmed; anything else was not on the page.
                    throw DomainException.unprocessable("portal-purpose-not-consented",
                            java.util.Map.of("field", "purposes"));
                }
                model.addAttribute("overview", overview);
                model.addAttribute("stopping", stopping);
                model.addAttribute("sensitiveConsent", sensitiveConsent);
                model.addAttribute("thirdPartyConsent", thirdPartyConsent);
                return "portal/withdraw";
            }
            consents.withdraw(customer, chosen, sensitiveConsent, thirdPartyConsent);
            redirect.addFlashAttribute("portalNotice", "portal.consents.withdrawn");
            return "redirect:/portal/consents";
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("overview", overview);
            model.addAttribute("problem", e);
            return "portal/consents";
        }
    }
}
