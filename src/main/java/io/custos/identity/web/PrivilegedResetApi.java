package io.custos.identity.web;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CredentialLinks;
import io.custos.identity.CustosUser;
import io.custos.identity.PrivilegedResetView;
import io.custos.identity.PrivilegedResets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Approving resets of SYSTEM_ADMIN, SECURITY_ADMIN and AUDITOR accounts (issue 24.4, R-X-2). */
@RestController
@RequestMapping("/api/v1/privileged-resets")
@Tag(name = "Privileged resets")
class PrivilegedResetApi {

    private final PrivilegedResets resets;

    PrivilegedResetApi(PrivilegedResets resets) {
        this.resets = resets;
    }

    record Rejection(@Nullable @Size(max = 500) String note) {
    }

    /** {@code delivery}: for a password, where the single-use link went, or the link to hand over in person. */
    record Decision(PrivilegedResetView request, CredentialLinks.@Nullable Delivery delivery) {
    }

    @GetMapping
    @Operation(summary = "Pending resets of privileged accounts I may decide")
    List<PrivilegedResetView> pending(@AuthenticationPrincipal CustosUser me) {
        return resets.decidableBy(me);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One reset request", description = "404 to anyone but its possible deciders, the system "
            + "administrators and the person concerned.")
    PrivilegedResetView get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return resets.get(id, me);
    }

    @PostMapping("/{id}/approval")
    @Operation(summary = "Approve: the reset happens now", description = "Only another SYSTEM_ADMIN or SECURITY_ADMIN, "
            + "or MANAGEMENT; never the requester nor the person concerned (403 privileged-reset-not-approver). "
            + "409 privileged-reset-decided when it was decided, or expired (72 hours), meanwhile. For a password the "
            + "answer says where the single-use link went (the masked address on file) or holds the link to hand over.")
    Decision approve(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        PrivilegedResets.Approved approved = resets.approve(id, me);
        return new Decision(approved.request(), approved.delivery());
    }

    @PostMapping("/{id}/rejection")
    @Operation(summary = "Reject, with an optional note")
    PrivilegedResetView reject(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Rejection rejection,
            @AuthenticationPrincipal CustosUser me) {
        return resets.reject(id, rejection == null ? null : rejection.note(), me);
    }
}
