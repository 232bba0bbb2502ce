package io.custos.sharing;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An approved sharing grant as other features see it: who receives what, for which purpose, when. */
public record GrantSummary(UUID id, UUID requestId, Recipient recipient, String purpose, Set<UUID> customerIds,
        Set<String> fields, Instant from, Instant until, @Nullable Instant revokedAt) {

    /** Whether the grant lets its recipient in at the instant (the NDA is checked separately). */
    public boolean activeAt(Instant at) {
        return revokedAt == null && !at.isBefore(from) && at.isBefore(until);
    }

    /** When the grant stopped or stops giving access. */
    public Instant endsAt() {
        return revokedAt != null && revokedAt.isBefore(until) ? revokedAt : until;
    }
}
