package io.custos.customer;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A customer read by someone who received it under sharing grants (issue 15.6): published inside
 * the read's transaction, so the sharing ledger counts the read exactly when its audit event is
 * stored. Ids only.
 *
 * @param revealed whether values were revealed for a purpose (otherwise the record was viewed)
 */
public record ReadUnderGrant(UUID customerId, UUID readerId, Set<UUID> grants, boolean revealed, Instant at) {

    public ReadUnderGrant {
        grants = Set.copyOf(grants);
    }
}
