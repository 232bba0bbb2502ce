package io.custos.identity;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A password or second-factor reset of a SYSTEM_ADMIN, SECURITY_ADMIN or AUDITOR account that waits
 * for a second person (issue 24.4). A pending request past {@code expiresAt} counts as expired.
 */
public record PrivilegedResetView(UUID id, UUID employeeId, String employeeUsername, String employeeName, Kind kind,
        Status status, UUID requestedBy, String requestedByName, Instant requestedAt, Instant expiresAt,
        @Nullable UUID decidedBy, @Nullable Instant decidedAt, @Nullable String note) {

    public enum Kind { PASSWORD, SECOND_FACTOR }

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED }

    public boolean pending() {
        return status == Status.PENDING;
    }
}
