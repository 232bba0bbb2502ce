package io.custos.retention;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A legal hold on a customer; active while not released. */
public record LegalHold(UUID id, UUID customerId, HoldKind kind, @Nullable String reference, String reason,
        UUID placedBy, Instant placedAt, @Nullable UUID releasedBy, @Nullable Instant releasedAt,
        @Nullable String releaseReason) {

    public boolean active() {
        return releasedAt == null;
    }

    @Override
    public String toString() {
        return "LegalHold[" + id + ", " + kind + ", customer " + customerId + "]";
    }
}
