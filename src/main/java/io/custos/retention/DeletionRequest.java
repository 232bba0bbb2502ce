package io.custos.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A customer's request to delete their data, and what became of it. */
public record DeletionRequest(UUID id, UUID customerId, Channel channel, LocalDate receivedOn, @Nullable String details,
        UUID enteredBy, Instant enteredAt, Status status, @Nullable UUID batchId, @Nullable UUID decidedBy,
        @Nullable Instant decidedAt, @Nullable String refusalReason, @Nullable LocalDate keptUntil,
        @Nullable Outcome outcome, @Nullable UUID toldBy, @Nullable Instant toldAt) {

    public enum Channel {
        PHONE, EMAIL, LETTER, IN_PERSON, PORTAL
    }

    public enum Status {
        OPEN, IN_BATCH, DONE, REFUSED
    }

    /** What the customer is told. */
    public enum Outcome {
        /** Everything erased. */
        ERASED,
        /** Erased, except business facts a legal minimum keeps, anonymized, until {@code keptUntil}. */
        ERASED_FACTS_KEPT,
        /** Not erased, for the reason given (a legal hold, a contract still being performed…). */
        REFUSED
    }

    @Override
    public String toString() {
        return "DeletionRequest[" + id + ", " + status + "]";
    }
}
