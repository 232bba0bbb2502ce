package io.custos.portal.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.customer.CustomerSelfView;
import io.custos.portal.CustomerRecipients;
import io.custos.portal.CustomerUses;
import io.custos.portal.PortalConsents;
import io.custos.portal.PortalCustomer;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What a signed-in customer may read and do about their own data over HTTP (R-CUS-1): always the
 * customer of the sign-in, never an id from the request, so no request can name another customer.
 * Words are in the request's language; times are ISO 8601 instants, dates ISO dates.
 */
@RestController
@RequestMapping("/api/portal/v1")
@Tag(name = "Customer portal")
class PortalDataApi {

    private final CustomerSelfView selfView;
    private final CustomerUses uses;
    private final CustomerRecipients recipients;
    private final PortalConsents consents;

    PortalDataApi(CustomerSelfView selfView, CustomerUses uses, CustomerRecipients recipients, PortalConsents consents) {
        this.selfView = selfView;
        this.uses = uses;
        this.recipients = recipients;
        this.consents = consents;
    }

    /** Purposes and/or the separate consents to take back; absent lists and flags mean none. */
    record WithdrawalJson(@Nullable List<String> purposes, @Nullable Boolean sensitiveConsent,
            @Nullable Boolean thirdPartyConsent) {
    }

    @GetMapping("/data")
    @Operation(summary = "Every field the company holds about the signed-in customer, L1-L3 in clear, L4 masked")
    List<CustomerSelfView.HeldField> data(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale) {
        return selfView.heldAbout(customerOf(me), locale);
    }

    @GetMapping("/uses")
    @Operation(summary = "The latest uses of the customer's data: when, by which department or partner, for which "
            + "purpose, what was done; never a person")
    List<CustomerUses.UseLine> uses(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale) {
        return uses.of(customerOf(me), locale);
    }

    @GetMapping("/recipients")
    @Operation(summary = "With whom the customer's data was shared: recipient, kind, purpose and period")
    List<CustomerRecipients.Recipient> recipients(@AuthenticationPrincipal @Nullable PortalCustomer me,
            Locale locale) {
        return recipients.of(customerOf(me), locale);
    }

    @GetMapping("/consents")
    @Operation(summary = "The notice agreed to, a newer one if any, the purposes consented to and the separate consents")
    PortalConsents.Overview consents(@AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale) {
        return consents.of(customerOf(me), locale);
    }

    @PostMapping("/consents/withdrawals")
    @Operation(summary = "Withdraws purposes and/or the separate consents at once; answers the overview after it; "
            + "422 withdrawal-empty or purpose-unknown")
    PortalConsents.Overview withdraw(@RequestBody WithdrawalJson body,
            @AuthenticationPrincipal @Nullable PortalCustomer me, Locale locale) {
        LinkedHashSet<String> purposes = new LinkedHashSet<>();
        if (body.purposes() != null) {
            body.purposes().stream().filter(java.util.Objects::nonNull).forEach(purposes::add);
        }
        return consents.withdrawAndShow(customerOf(me), purposes,
                Boolean.TRUE.equals(body.sensitiveConsent()), Boolean.TRUE.equals(body.thirdPartyConsent()), locale);
    }

    /** A request without a customer sign-in (a staff session that got here) finds nothing, like any other. */
    static UUID customerOf(@Nullable PortalCustomer me) {
        if (me == null) {
            throw DomainException.notFound();
        }
        return me.customerId();
    }
}
