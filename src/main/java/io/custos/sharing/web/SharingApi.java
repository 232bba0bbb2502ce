package io.custos.sharing.web;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.customer.CustomerReading;
import io.custos.identity.CustosUser;
import io.custos.sharing.GrantSummary;
import io.custos.sharing.RecipientType;
import io.custos.sharing.SharingGrants;
import io.custos.sharing.SharingLedger;
import io.custos.sharing.SharingRequest;
import io.custos.sharing.SharingRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.custos.shared.DomainException;

/**
 * Sharing over HTTP (issue 15.7): requests and their decisions, grants and their revocation, the
 * recipient's view of what was shared with them, and a customer's sharing ledger.
 */
@RestController
@Tag(name = "Sharing")
class SharingApi {

    private final SharingRequests requests;
    private final SharingGrants grants;
    private final SharingLedger ledger;
    private final CustomerReading reading;
    private final java.time.Clock clock;

    SharingApi(SharingRequests requests, SharingGrants grants, SharingLedger ledger, CustomerReading reading,
            java.time.Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.grants = grants;
        this.ledger = ledger;
        this.reading = reading;
    }

    record Filter(@Nullable @Size(max = 200) String city, @Nullable UUID ownerId) {
    }

    record RequestBodyJson(@NotNull RecipientType recipientType, @NotNull UUID recipientId,
            @NotNull @Size(max = 40) String purpose, @Nullable @Size(max = 5000) List<@NotNull UUID> customerIds,
            @Nullable @Valid Filter filter, @NotNull @Size(min = 1, max = 100) List<@NotNull @Size(max = 64) String> fields,
            @Nullable Instant from, @NotNull Instant until, @NotNull @Size(max = 4000) String justification) {
        @Override
        public String toString() {
            return "SharingRequest[recipientType=" + recipientType + ", purpose=" + purpose + "]";
        }
    }

    record RequestJson(UUID id, String status, UUID requesterId, UUID departmentId, String recipientType,
            UUID recipientId, String purpose, List<String> fields, String selection, @Nullable String filterCity,
            @Nullable UUID filterOwnerId, List<UUID> customerIds, Instant from, Instant until, String justification,
            boolean needsAdministration, Instant createdAt, @Nullable UUID headDecidedBy,
            @Nullable Instant headDecidedAt, @Nullable UUID administrationDecidedBy,
            @Nullable Instant administrationDecidedAt, @Nullable UUID refusedBy, @Nullable Instant refusedAt,
            @Nullable String refusalReason, @Nullable Instant withdrawnAt, @Nullable UUID grantId,
            @Nullable PreviewJson preview) {

        static RequestJson of(SharingRequest r, SharingRequests.@Nullable Preview preview) {
            return new RequestJson(r.id(), r.status().name(), r.requesterId(), r.departmentId(),
                    r.recipient().type().name(), r.recipient().id(), r.purpose(), r.fields(), r.selection().name(),
                    r.filterCity(), r.filterOwnerId(), r.customerIds(), r.from(), r.until(), r.justification(),
                    r.needsAdmin(), r.createdAt(), r.headDecidedBy(), r.headDecidedAt(), r.adminDecidedBy(),
                    r.adminDecidedAt(), r.refusedBy(), r.refusedAt(), r.refusalReason(), r.withdrawnAt(), r.grantId(),
                    preview == null ? null : PreviewJson.of(preview));
        }
    }

    record PreviewJson(List<UUID> included, Map<UUID, String> excluded) {
        static PreviewJson of(SharingRequests.Preview preview) {
            Map<UUID, String> excluded = new java.util.LinkedHashMap<>();
            preview.excluded().forEach((id, why) -> excluded.put(id, why.code()));
            return new PreviewJson(preview.included(), excluded);
        }
    }

    record RequestsJson(List<RequestJson> mine, List<RequestJson> awaitingMyDecision) {
    }

    record DecisionJson(@NotNull SharingRequests.Decision decision, @Nullable @Size(max = 4000) String reason) {
        @Override
        public String toString() {
            return "Decision[" + decision + "]";
        }
    }

    record ReasonJson(@NotNull @Size(max = 4000) String reason) {
        @Override
        public String toString() {
            return "Reason";
        }
    }

    record GrantJson(UUID id, UUID requestId, String recipientType, UUID recipientId, String purpose,
            List<String> fields, Instant from, Instant until, @Nullable Instant revokedAt, boolean active,
            @Nullable Long customers, @Nullable Map<UUID, String> excluded, @Nullable Long reveals,
            @Nullable Long views, @Nullable Long downloads) {

        static GrantJson of(GrantSummary g, Instant now) {
            return new GrantJson(g.id(), g.requestId(), g.recipient().type().name(), g.recipient().id(), g.purpose(),
                    g.fields().stream().sorted().toList(), g.from(), g.until(), g.revokedAt(), g.activeAt(now), null,
                    null, null, null, null);
        }

        static GrantJson of(SharingGrants.GrantDetails d, Instant now) {
            GrantSummary g = d.grant();
            return new GrantJson(g.id(), g.requestId(), g.recipient().type().name(), g.recipient().id(), g.purpose(),
                    g.fields().stream().sorted().toList(), g.from(), g.until(), g.revokedAt(), g.activeAt(now),
                    d.customers(), d.excluded(), d.reveals(), d.views(), d.downloads());
        }
    }

    @PostMapping("/api/v1/sharing/requests")
    @Operation(summary = "Ask to share customers of your department with a department or a partner",
            description = "Exactly one of `customerIds` and `filter` (city and/or owner, evaluated at approval). "
                    + "Fields outside the purpose answer 422 `sharing-fields-outside-purpose` naming them; the "
                    + "period is at most a year.")
    ResponseEntity<RequestJson> submit(@Valid @RequestBody RequestBodyJson body, @AuthenticationPrincipal CustosUser me) {
        SharingRequest created = requests.submit(new SharingRequests.NewRequest(body.recipientType(),
                body.recipientId(), body.purpose(), body.customerIds(), body.filter() == null ? null
                        : body.filter().city(), body.filter() == null ? null : body.filter().ownerId(), body.fields(),
                body.from(), body.until(), body.justification()), me);
        return ResponseEntity.created(URI.create("/api/v1/sharing/requests/" + created.id()))
                .body(RequestJson.of(created, null));
    }

    @GetMapping("/api/v1/sharing/requests")
    @Operation(summary = "Your requests, and those waiting for your decision")
    RequestsJson list(@AuthenticationPrincipal CustosUser me) {
        return new RequestsJson(requests.mine(me).stream().map(r -> RequestJson.of(r, null)).toList(),
                requests.awaiting(me).stream().map(r -> RequestJson.of(r, null)).toList());
    }

    @GetMapping("/api/v1/sharing/requests/{id}")
    @Operation(summary = "One request; while it waits for your decision, with what approving would share")
    RequestJson get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        SharingRequest request = requests.get(id, me);
        boolean deciding = requests.awaiting(me).stream().anyMatch(r -> r.id().equals(id));
        return RequestJson.of(request, deciding ? requests.preview(id, me) : null);
    }

    @PostMapping("/api/v1/sharing/requests/{id}/decisions")
    @Operation(summary = "Approve or refuse (with a reason) a request waiting for your decision",
            description = "403 `sharing-not-your-decision` for anyone else (the requester never decides); 409 "
                    + "`sharing-request-not-pending` once decided or withdrawn; 409 `sharing-nda-missing` when no "
                    + "NDA is in force for the recipient.")
    RequestJson decide(@PathVariable UUID id, @Valid @RequestBody DecisionJson body,
            @AuthenticationPrincipal CustosUser me) {
        return RequestJson.of(requests.decide(id, body.decision(), body.reason(), me), null);
    }

    @PostMapping("/api/v1/sharing/requests/{id}/withdrawal")
    @Operation(summary = "Withdraw your own request while it is pending")
    RequestJson withdraw(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return RequestJson.of(requests.withdraw(id, me), null);
    }

    @GetMapping("/api/v1/sharing/grants")
    @Operation(summary = "Grants you may see: received by you, from your department, or all for administration")
    List<GrantJson> grants(@AuthenticationPrincipal CustosUser me) {
        Instant now = clock.instant();
        return grants.visibleTo(me).stream().map(g -> GrantJson.of(g, now)).toList();
    }

    @GetMapping("/api/v1/sharing/grants/{id}")
    @Operation(summary = "One grant, with the customers its approval left out and how it was used")
    GrantJson grant(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return GrantJson.of(grants.details(id, me), clock.instant());
    }

    @DeleteMapping("/api/v1/sharing/grants/{id}")
    @Operation(summary = "Revoke a grant, with a reason", description = "Access under it ends at once.")
    GrantJson revoke(@PathVariable UUID id, @Valid @RequestBody ReasonJson body, @AuthenticationPrincipal CustosUser me) {
        return GrantJson.of(grants.revoke(id, body.reason(), me), clock.instant());
    }

    record SharedCustomer(UUID id, Map<String, String> fields, List<String> masked) {
        @Override
        public String toString() {
            return "SharedCustomer[" + id + "]";
        }
    }

    record SharedGrant(UUID grantId, String purpose, List<String> fields, Instant until, List<SharedCustomer> customers,
            int page, int size) {
    }

    @GetMapping("/api/v1/shared/customers")
    @Operation(summary = "What was shared with you: each active grant with its customers (granted fields only)",
            description = "Each customer listed is a view recorded in the audit log and the sharing ledger.")
    List<SharedGrant> shared(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @AuthenticationPrincipal CustosUser me) {
        if (page < 0 || size < 1 || size > 100) {
            throw DomainException.unprocessable("page-invalid", Map.of("field", size < 1 || size > 100 ? "size"
                    : "page"));
        }
        List<SharedGrant> shared = new ArrayList<>();
        for (GrantSummary grant : grants.activeFor(me, clock.instant())) {
            List<SharedCustomer> customers = new ArrayList<>();
            for (UUID id : grants.customersOf(grant.id(), me, page * size, size)) {
                view(id, me).ifPresent(customers::add);
            }
            shared.add(new SharedGrant(grant.id(), grant.purpose(), grant.fields().stream().sorted().toList(),
                    grant.until(), customers, page, size));
        }
        return shared;
    }

    @GetMapping("/api/v1/shared/customers/{id}")
    @Operation(summary = "One customer shared with you: granted fields only; anything else answers 404")
    SharedCustomer sharedCustomer(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        if (!grants.receives(me, id, clock.instant())) {
            // Shared pages answer for shared customers only, whatever else the person may see.
            throw DomainException.notFound();
        }
        return view(id, me).orElseThrow(DomainException::notFound);
    }

    record RevealJson(@NotNull @Size(min = 1, max = 50) List<@NotNull @Size(max = 64) String> fields,
            @NotNull @Size(min = 1, max = 40) String purpose) {
    }

    record RevealedJson(Map<String, String> fields, Map<String, String> refused, List<String> empty) {
        @Override
        public String toString() {
            return "Revealed[fields=" + fields.keySet() + "]";
        }
    }

    @PostMapping("/api/v1/shared/customers/{id}/reveal")
    @Operation(summary = "Reveal granted fields of a shared customer for the grant's purpose",
            description = "403 `reveal-refused` with the reason of each field when none is revealed.")
    RevealedJson reveal(@PathVariable UUID id, @Valid @RequestBody RevealJson body,
            @AuthenticationPrincipal CustosUser me) {
        if (!grants.receives(me, id, clock.instant())) {
            throw DomainException.notFound();
        }
        CustomerReading.Revealed revealed = reading.reveal(id, body.fields(), body.purpose(), me);
        if (revealed.fields().isEmpty() && !revealed.refused().isEmpty()) {
            throw new DomainException("reveal-refused", HttpStatus.FORBIDDEN, Map.of("refused", revealed.refused()));
        }
        return new RevealedJson(revealed.fields(), revealed.refused(), revealed.empty());
    }

    @GetMapping("/api/v1/customers/{id}/sharing")
    @Operation(summary = "A customer's sharing ledger: every grant that named it, why, and how it was used")
    List<SharingLedger.Entry> ledger(@PathVariable UUID id, @AuthenticationPrincipal CustosUser me) {
        return ledger.of(id, me);
    }

    /** The customer as the grant shows it; one the person no longer receives is simply absent. */
    private java.util.Optional<SharedCustomer> view(UUID id, CustosUser me) {
        try {
            CustomerReading.CustomerView view = reading.view(id, me);
            return java.util.Optional.of(new SharedCustomer(view.id(), view.fields(), view.masked()));
        } catch (DomainException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }
}
