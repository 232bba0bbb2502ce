package io.custos.retention;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A destruction batch and where its approval and execution stand. */
public record DestructionBatch(UUID id, String number, BatchSource source, @Nullable UUID departmentId, String reason,
        BatchStatus status, int ruleVersion, String method, int customerCount, @Nullable Integer destroyedCount,
        @Nullable Integer skippedCount, @Nullable Integer factsKeptCount, UUID proposedBy, Instant proposedAt,
        @Nullable UUID headApprovedBy, @Nullable Instant headApprovedAt, @Nullable UUID adminApprovedBy,
        @Nullable Instant adminApprovedAt, @Nullable UUID rejectedBy, @Nullable Instant rejectedAt,
        @Nullable String rejectionReason, @Nullable UUID executedBy, @Nullable Instant executionStartedAt,
        @Nullable Instant executedAt, @Nullable String digest, long version) {

    public static final String CRYPTO_SHREDDING = "CRYPTO_SHREDDING";

    public boolean headApproved() {
        return headApprovedBy != null;
    }

    public boolean adminApproved() {
        return adminApprovedBy != null;
    }

    @Override
    public String toString() {
        return "DestructionBatch[" + number + ", " + status + ", " + customerCount + " customers]";
    }
}
