package io.custos.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A request to give a person roles that reach customer content, in a department (for a move, the
 * department they go to). The roles count for nothing until the request is approved.
 */
public record RoleGrantView(UUID id, UUID employeeId, String employeeUsername, String employeeName,
        @Nullable UUID departmentId, Set<Role> roles, Status status, UUID requestedBy, String requestedByName,
        Instant requestedAt, @Nullable UUID decidedBy, @Nullable Instant decidedAt, @Nullable String note) {

    public enum Status { PENDING, APPROVED, REJECTED, CANCELLED }

    public RoleGrantView {
        roles = Set.copyOf(roles);
    }

    /** Whether it asks for a separated duty (SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR) rather than customer content. */
    public boolean privileged() {
        return roles.stream().anyMatch(Role.SEPARATED_DUTIES::contains);
    }

    public boolean pending() {
        return status == Status.PENDING;
    }
}
