package io.custos.sharing;

import java.time.Instant;
import java.util.UUID;

/**
 * A sharing request a person made that still waits for a decision, as a handover lists it (issue
 * 18, R-EMP-5). {@code customers}: those a list names, or those a filter finds now (it is evaluated
 * again at approval). {@code status} is a {@link RequestStatus} name.
 */
public record HeldRequest(UUID id, String recipientType, UUID recipientId, String purpose, int customers,
        Instant createdAt, Instant validUntil, String status) {
}
