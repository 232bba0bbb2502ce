package io.custos.handover;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One thing the person held, by id. {@code label} names it when it is not a customer (never a
 * customer value); {@code name} is a customer's public company name, looked up when shown, and
 * null when the catalog does not keep it public.
 */
public record HandoverItem(UUID id, UUID caseId, ItemKind kind, UUID subjectId, @Nullable String label,
        @Nullable String name, Instant listedAt, @Nullable ItemOutcome outcome, @Nullable UUID successorId,
        @Nullable String successorUsername, @Nullable Instant settledAt, @Nullable UUID settledBy) {

    public boolean settled() {
        return outcome != null;
    }

    HandoverItem named(@Nullable String companyName) {
        return new HandoverItem(id, caseId, kind, subjectId, label, companyName, listedAt, outcome, successorId,
                successorUsername, settledAt, settledBy);
    }
}
