package io.custos.sharing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A request to share customers of the requester's department with a recipient: which customers
 * (a list, or a filter evaluated at approval), which fields, for which purpose and period, and
 * where it stands. {@code grantId} is set once it is approved.
 */
public record SharingRequest(UUID id, UUID requesterId, UUID departmentId, Recipient recipient, String purpose,
        List<String> fields, Selection selection, @Nullable String filterCity, @Nullable UUID filterOwnerId,
        List<UUID> customerIds, Instant from, Instant until, String justification, boolean needsAdmin,
        RequestStatus status, Instant createdAt, @Nullable UUID headDecidedBy, @Nullable Instant headDecidedAt,
        @Nullable UUID adminDecidedBy, @Nullable Instant adminDecidedAt, @Nullable UUID refusedBy,
        @Nullable Instant refusedAt, @Nullable String refusalReason, @Nullable Instant withdrawnAt,
        @Nullable UUID grantId) {

    public SharingRequest {
        fields = List.copyOf(fields);
        customerIds = List.copyOf(customerIds);
    }

    /** How the customers are chosen. */
    public enum Selection {
        LIST, FILTER
    }
}
