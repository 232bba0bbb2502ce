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

import io.custos.identity.CustosUser;
import io.custos.identity.RoleGrantView;
import io.custos.identity.RoleGrants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Approving roles that reach customer content (issue 13.2): the receiving department's head or management. */
@RestController
@RequestMapping("/api/v1/role-grants")
@Tag(name = "Role grants")
class RoleGrantApi {

    private final RoleGrants grants;

    RoleGrantApi(RoleGrants grants) {
        this.grants = grants;
    }

    record Rejection(@Nullable @Size(max = 500) String note) {
    }

    @GetMapping
    @Operation(summary = "Pending role grants I may decide")
    List<RoleGrantView> pending(@AuthenticationPrincipal CustosUser me) {
        return grants.decidableBy(me);
    }

    @GetMapping("/{id}")
    RoleGrantView get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return grants.get(id, me);
    }

    @PostMapping("/{id}/approval")
    @Operation(summary = "Approve: the roles hold from now", description = "403 role-grant-not-approver for the "
            + "requester, the person concerned and anyone but the receiving department's head or management.")
    RoleGrantView approve(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return grants.approve(id, me);
    }

    @PostMapping("/{id}/rejection")
    RoleGrantView reject(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable Rejection rejection,
            @AuthenticationPrincipal CustosUser me) {
        return grants.reject(id, rejection == null ? null : rejection.note(), me);
    }
}
