package io.custos.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An {@code audit_event} row exactly as stored: what the hash covers, and what search shows. */
record StoredEvent(UUID eventId, String chain, @Nullable Long seq, Instant at, String category, String action,
        String outcome, String actorType, @Nullable UUID actorId, String actorName, @Nullable String targetType,
        @Nullable String targetId, @Nullable String purpose, @Nullable String clientAddress,
        @Nullable String requestId, String details, @Nullable String prevHash, @Nullable String hash) {

    StoredEvent sealed(long seq, String prevHash, String hash) {
        return new StoredEvent(eventId, chain, seq, at, category, action, outcome, actorType, actorId, actorName,
                targetType, targetId, purpose, clientAddress, requestId, details, prevHash, hash);
    }
}
