package io.custos.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the inspector recorded for an item: a score 0-3, whether it is a finding (with its text and
 * the rectification's deadline), notes, and the evidence figures as seen when recorded.
 */
public record ItemResult(UUID itemId, int score, boolean finding, @Nullable String findingText, @Nullable String notes,
        @Nullable LocalDate dueOn, @Nullable Long evidenceMain, @Nullable Long evidenceExtra, Instant recordedAt,
        UUID recordedBy) {

    @Override
    public String toString() {
        return "ItemResult[item=" + itemId + ", score=" + score + ", finding=" + finding + "]";
    }
}
