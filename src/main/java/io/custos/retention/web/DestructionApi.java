package io.custos.retention.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.identity.CustosUser;
import io.custos.retention.DeletionRequest;
import io.custos.retention.DeletionRequests;
import io.custos.retention.DestructionBatch;
import io.custos.retention.DestructionBatches;
import io.custos.retention.HoldKind;
import io.custos.retention.LegalHold;
import io.custos.retention.LegalHolds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Destruction batches, legal holds and deletion requests over HTTP (issue 16.3, 16.4, 16.7, 16.8). */
@RestController
@Tag(name = "Destruction")
class DestructionApi {

    private final DestructionBatches batches;
    private final LegalHolds holds;
    private final DeletionRequests requests;
    private final io.custos.retention.BatchCertificates certificates;

    DestructionApi(io.custos.retention.BatchCertificates certificates, DestructionBatches batches, LegalHolds holds, DeletionRequests requests) {
        this.certificates = certificates;
        this.batches = batches;
        this.holds = holds;
        this.requests = requests;
    }

    record BatchJson(UUID id, String number, String source, @Nullable UUID departmentId, String reason, String status,
            int ruleVersion, String method, int customers, @Nullable Integer destroyed, @Nullable Integer skipped,
            @Nullable Integer factsKept, UUID proposedBy, Instant proposedAt, @Nullable UUID headApprovedBy,
            @Nullable Instant headApprovedAt, @Nullable UUID administrationApprovedBy,
            @Nullable Instant administrationApprovedAt, @Nullable UUID rejectedBy, @Nullable Instant rejectedAt,
            @Nullable String rejectionReason, @Nullable UUID executedBy, @Nullable Instant executionStartedAt,
            @Nullable Instant executedAt, @Nullable String digest) {
        static BatchJson of(DestructionBatch b) {
            return new BatchJson(b.id(), b.number(), b.source().name(), b.departmentId(), b.reason(), b.status().name(),
                    b.ruleVersion(), b.method(), b.customerCount(), b.destroyedCount(), b.skippedCount(),
                    b.factsKeptCount(), b.proposedBy(), b.proposedAt(), b.headApprovedBy(), b.headApprovedAt(),
                    b.adminApprovedBy(), b.adminApprovedAt(), b.rejectedBy(), b.rejectedAt(), b.rejectionReason(),
                    b.executedBy(), b.executionStartedAt(), b.executedAt(), b.digest());
        }
    }

    record ProposalJson(@Nullable @Size(max = 200000) List<@NotNull UUID> customerIds, @Nullable UUID departmentId,
            @Nullable Boolean due, @Nullable @Size(max = 4000) String reason) {
        @Override
        public String toString() {
            return "DestructionProposal[" + (customerIds == null ? 0 : customerIds.size()) + " customers]";
        }
    }

    record DecisionJson(@NotNull DestructionBatches.Decision decision, @Nullable @Size(max = 4000) String reason) {
    }

    record ReasonJson(@Nullable @Size(max = 4000) String reason) {
    }

    @PostMapping("/api/v1/destructions")
    @Operation(summary = "Propose a destruction batch: the customers named, or (due=true) the due customers of a "
            + "department from the newest sweep")
    ResponseEntity<BatchJson> propose(@Valid @RequestBody ProposalJson body, @AuthenticationPrincipal CustosUser user) {
        DestructionBatch batch = Boolean.TRUE.equals(body.due()) ? batches.proposeDue(body.departmentId(), body.reason(), user)
                : batches.propose(body.customerIds(), body.reason(), user);
        return ResponseEntity.created(URI.create("/api/v1/destructions/" + batch.id())).body(BatchJson.of(batch));
    }

    @GetMapping("/api/v1/destructions")
    @Operation(summary = "The batches the caller may see, newest first")
    List<BatchJson> list(@AuthenticationPrincipal CustosUser user) {
        return batches.visible(user).stream().map(BatchJson::of).toList();
    }

    @GetMapping("/api/v1/destructions/{id}")
    BatchJson get(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return BatchJson.of(batches.get(id, user));
    }

    @PostMapping("/api/v1/destructions/{id}/approvals")
    @Operation(summary = "Approve or reject: the department's head and the administration department, two people, "
            + "neither the proposer")
    BatchJson decide(@PathVariable UUID id, @Valid @RequestBody DecisionJson body,
            @AuthenticationPrincipal CustosUser user) {
        return BatchJson.of(batches.decide(id, body.decision(), body.reason(), user));
    }

    @PostMapping("/api/v1/destructions/{id}/cancellation")
    BatchJson cancel(@PathVariable UUID id, @Valid @RequestBody ReasonJson body, @AuthenticationPrincipal CustosUser user) {
        return BatchJson.of(batches.cancel(id, body.reason(), user));
    }

    @PostMapping("/api/v1/destructions/{id}/execution")
    @Operation(summary = "Start executing an approved batch (administration officer); 202, the batch runs in the "
            + "background and resumes after a crash")
    ResponseEntity<BatchJson> execute(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return ResponseEntity.accepted().body(BatchJson.of(batches.execute(id, user)));
    }

    @GetMapping(value = "/api/v1/destructions/{id}/certificate", produces = "application/pdf")
    @Operation(summary = "The destruction certificate of an executed batch as PDF, lang=zh-CN or en")
    ResponseEntity<byte[]> certificate(@PathVariable UUID id, @RequestParam(defaultValue = "zh-CN") String lang,
            @AuthenticationPrincipal CustosUser user) {
        return certificateFile(certificates.pdf(id, java.util.Locale.forLanguageTag(lang), user), id);
    }

    static ResponseEntity<byte[]> certificateFile(byte[] pdf, UUID id) {
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "attachment; filename=\"destruction-certificate-" + id + ".pdf\"")
                .header("Cache-Control", "no-store").body(pdf);
    }

    record HoldJson(UUID id, UUID customerId, HoldKind kind, @Nullable String reference, String reason, UUID placedBy,
            Instant placedAt, @Nullable UUID releasedBy, @Nullable Instant releasedAt, @Nullable String releaseReason,
            boolean active) {
        static HoldJson of(LegalHold h) {
            return new HoldJson(h.id(), h.customerId(), h.kind(), h.reference(), h.reason(), h.placedBy(), h.placedAt(),
                    h.releasedBy(), h.releasedAt(), h.releaseReason(), h.active());
        }
    }

    record NewHoldJson(@Nullable HoldKind kind, @Nullable @Size(max = 200) String reference,
            @Nullable @Size(max = 4000) String reason) {
    }

    @PostMapping("/api/v1/customers/{id}/holds")
    @Operation(summary = "Place a legal hold on a customer (administration officer or security administrator)")
    ResponseEntity<HoldJson> hold(@PathVariable UUID id, @Valid @RequestBody NewHoldJson body,
            @AuthenticationPrincipal CustosUser user) {
        LegalHold hold = holds.place(id, body.kind(), body.reference(), body.reason(), user);
        return ResponseEntity.created(URI.create("/api/v1/holds/" + hold.id())).body(HoldJson.of(hold));
    }

    @GetMapping("/api/v1/holds")
    @Operation(summary = "The active legal holds (administration officer, security administrator, auditor)")
    List<HoldJson> holds(@AuthenticationPrincipal CustosUser user) {
        requireHoldReader(user);
        return holds.active().stream().map(HoldJson::of).toList();
    }

    @DeleteMapping("/api/v1/holds/{id}")
    @Operation(summary = "Release a legal hold, with a reason (?reason=… or a JSON body)")
    HoldJson release(@PathVariable UUID id, @RequestParam(required = false) @Nullable String reason,
            @RequestBody(required = false) @Nullable ReasonJson body, @AuthenticationPrincipal CustosUser user) {
        return HoldJson.of(holds.release(id, body != null && body.reason() != null ? body.reason() : reason, user));
    }

    record DeletionRequestJson(UUID id, UUID customerId, DeletionRequest.Channel channel, LocalDate receivedOn,
            @Nullable String details, UUID enteredBy, Instant enteredAt, String status, @Nullable UUID batchId,
            @Nullable UUID decidedBy, @Nullable Instant decidedAt, @Nullable String refusalReason,
            @Nullable String refusalCode, @Nullable LocalDate keptUntil, @Nullable String outcome,
            @Nullable Instant toldAt) {
        static DeletionRequestJson of(DeletionRequest r) {
            // A hold that arrived while the batch ran refuses the request by itself: a code, not someone's words.
            boolean held = DeletionRequests.HELD.equals(r.refusalReason());
            return new DeletionRequestJson(r.id(), r.customerId(), r.channel(), r.receivedOn(), r.details(),
                    r.enteredBy(), r.enteredAt(), r.status().name(), r.batchId(), r.decidedBy(), r.decidedAt(),
                    held ? null : r.refusalReason(), held ? DeletionRequests.HELD : null, r.keptUntil(),
                    r.outcome() == null ? null : r.outcome().name(), r.toldAt());
        }
    }

    record NewDeletionRequestJson(DeletionRequest.@Nullable Channel channel, @Nullable LocalDate receivedOn,
            @Nullable @Size(max = 4000) String details) {
    }

    @PostMapping("/api/v1/customers/{id}/deletion-requests")
    @Operation(summary = "Enter a customer's request to delete their data")
    ResponseEntity<DeletionRequestJson> enter(@PathVariable UUID id, @Valid @RequestBody NewDeletionRequestJson body,
            @AuthenticationPrincipal CustosUser user) {
        DeletionRequest request = requests.enter(id, body.channel(), body.receivedOn(), body.details(), user);
        return ResponseEntity.created(URI.create("/api/v1/deletion-requests/" + request.id()))
                .body(DeletionRequestJson.of(request));
    }

    @GetMapping("/api/v1/deletion-requests")
    List<DeletionRequestJson> requests(@AuthenticationPrincipal CustosUser user) {
        return requests.visible(user).stream().map(DeletionRequestJson::of).toList();
    }

    @GetMapping("/api/v1/deletion-requests/{id}")
    DeletionRequestJson request(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return DeletionRequestJson.of(requests.get(id, user));
    }

    @PostMapping("/api/v1/deletion-requests/{id}/acceptance")
    @Operation(summary = "Send the request to destruction: a batch of this customer, approved as any other")
    DeletionRequestJson accept(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return DeletionRequestJson.of(requests.accept(id, user));
    }

    @PostMapping("/api/v1/deletion-requests/{id}/refusal")
    @Operation(summary = "Refuse, with the reason the customer is told")
    DeletionRequestJson refuse(@PathVariable UUID id, @Valid @RequestBody ReasonJson body,
            @AuthenticationPrincipal CustosUser user) {
        return DeletionRequestJson.of(requests.refuse(id, body.reason(), user));
    }

    @PostMapping("/api/v1/deletion-requests/{id}/told")
    @Operation(summary = "Record that the customer was told the outcome")
    DeletionRequestJson told(@PathVariable UUID id, @AuthenticationPrincipal CustosUser user) {
        return DeletionRequestJson.of(requests.told(id, user));
    }

    private static void requireHoldReader(CustosUser user) {
        if (!user.hasAnyRole(List.of(io.custos.identity.Role.ADMIN_OFFICER, io.custos.identity.Role.SECURITY_ADMIN,
                io.custos.identity.Role.AUDITOR))) {
            throw new io.custos.shared.DomainException("legal-hold-not-allowed",
                    org.springframework.http.HttpStatus.FORBIDDEN);
        }
    }
}
