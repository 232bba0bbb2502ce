package io.custos.customer.web;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.custos.consent.Channel;
import io.custos.consent.ConsentState;
import io.custos.consent.Withdrawal;
import io.custos.customer.CustomerConsents;
import io.custos.customer.CustomerListing;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A customer's consents: history, new grants (re-consent), withdrawals, evidence. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Consent")
class CustomerConsentApi {

    private final CustomerConsents consents;
    private final CustomerListing listing;

    CustomerConsentApi(CustomerConsents consents, CustomerListing listing) {
        this.consents = consents;
        this.listing = listing;
    }

    /** Every member optional, as the contract says: {@code {"purposes": [...]}} and/or the separate consents. */
    record WithdrawalRequest(@Nullable @Size(max = 20) Set<String> purposes, @Nullable Boolean sensitiveConsent,
            @Nullable Boolean thirdPartyConsent, @Nullable Channel channel) {
    }

    record Created(UUID id) {
    }

    @GetMapping("/{id}/consents")
    @Operation(summary = "The customer's consent now and every grant and withdrawal before it")
    CustomerConsents.Consents consents(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return consents.consents(id, me);
    }

    @PostMapping("/{id}/consents")
    @Operation(summary = "Record a new consent (re-consent under a newer notice, or a changed choice)",
            description = "Replaces the current consent. Fields the customer's record holds must stay necessary "
                    + "for the new purposes.")
    ResponseEntity<Created> grant(@PathVariable UUID id, @Valid @RequestBody CustomerApi.ConsentRequest request,
            @AuthenticationPrincipal CustosUser me) {
        UUID consent = consents.grantConsent(id, request.grant(), me);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id + "/consents")).body(new Created(consent));
    }

    @PostMapping("/{id}/consents/withdrawals")
    @Operation(summary = "Withdraw purposes and/or the separate consents, from this moment")
    ConsentState withdraw(@PathVariable UUID id, @Valid @RequestBody WithdrawalRequest request,
            @AuthenticationPrincipal CustosUser me) {
        consents.withdrawConsent(id, new Withdrawal(request.purposes() == null ? Set.of() : request.purposes(),
                Boolean.TRUE.equals(request.sensitiveConsent()), Boolean.TRUE.equals(request.thirdPartyConsent())),
                request.channel() == null ? Channel.IN_PERSON : request.channel(), me);
        CustomerConsents.Consents now = consents.consents(id, me);
        return java.util.Objects.requireNonNull(now.current());
    }

    @PostMapping(value = "/{id}/consents/{consentId}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Attach the evidence of a grant (PDF, JPEG, PNG or e-mail, at most 5 MB), stored encrypted")
    ResponseEntity<Void> evidence(@PathVariable UUID id, @PathVariable UUID consentId,
            @RequestParam("file") MultipartFile file, @AuthenticationPrincipal CustosUser me) throws IOException {
        String type = file.getContentType();
        if (type == null) {
            throw new DomainException("evidence-type-invalid", HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        consents.attachConsentEvidence(id, consentId, type, file.getBytes(), me);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/reconsent")
    @Operation(summary = "Customers you may see who must consent again: the current notice adds purposes or data")
    CustomerListing.CustomerPage reconsent(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @AuthenticationPrincipal CustosUser me) {
        return listing.needingReconsent(page, size, me);
    }

}
