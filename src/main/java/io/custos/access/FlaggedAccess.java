package io.custos.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An access on the review list: an emergency (break-glass) access or a reveal under a rule that
 * flags its reveals. Field keys and ids only; the justification is the requester's own words.
 *
 * @param kind {@code BREAK_GLASS} or {@code REVEAL}
 * @param until when a break-glass access ends; null for a reveal
 */
public record FlaggedAccess(UUID id, String kind, UUID customerId, UUID employeeId, String employeeUsername,
        Instant at, @Nullable Instant until, @Nullable String purpose, List<String> fields,
        @Nullable String justification, @Nullable String rule, @Nullable Instant reviewedAt,
        @Nullable String reviewedBy, @Nullable ReviewOutcome outcome, @Nullable String note) {

    public FlaggedAccess {
        fields = List.copyOf(fields);
    }

    @Override
    public String toString() {
        return "FlaggedAccess[" + kind + ", " + id + "]";
    }
}
