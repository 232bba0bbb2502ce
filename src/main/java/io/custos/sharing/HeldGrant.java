package io.custos.sharing;

import java.time.Instant;
import java.util.UUID;

/**
 * A grant from a person's own request that is in force or yet to start, as a handover lists it
 * (issue 18, R-EMP-5): the requester answers for it until it ends.
 */
public record HeldGrant(UUID id, UUID requestId, String recipientType, UUID recipientId, String purpose,
        int customers, Instant validUntil) {
}
