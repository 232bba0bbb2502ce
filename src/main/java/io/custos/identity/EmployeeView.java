package io.custos.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An employee as shown to administrators and to other modules. Holds no credential material. */
public record EmployeeView(UUID id, String username, String displayName, @Nullable String email,
        @Nullable UUID departmentId, @Nullable String position, EmployeeStatus status, Set<Role> roles,
        boolean locked, boolean secondFactorEnabled, boolean mustChangePassword, Instant passwordChangedAt,
        @Nullable Instant lastLoginAt) {

    public EmployeeView {
        roles = Set.copyOf(roles);
    }
}
