package io.custos.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;


/** One row of {@code employee} with its roles. Credential fields never leave this package. */
record EmployeeRecord(UUID id, String username, String displayName, @Nullable String email,
        @Nullable UUID departmentId, @Nullable String position, EmployeeStatus status, Set<Role> roles,
        String passwordHash, Instant passwordChangedAt, boolean mustChangePassword,
        @Nullable String totpSecret, boolean totpEnabled, @Nullable Long totpLastStep,
        @Nullable Instant lockedUntil, @Nullable Instant lastLoginAt, int credentialVersion,
        @Nullable UUID partnerId, @Nullable LocalDate leavesOn, boolean ssoLinked) {

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    CustosUser toUser() {
        return new CustosUser(id, username, displayName, departmentId, roles, status, partnerId);
    }

    EmployeeView toView(Instant now) {
        return new EmployeeView(id, username, displayName, email, departmentId, position, status, roles,
                lockedAt(now), totpEnabled, mustChangePassword, passwordChangedAt, lastLoginAt, partnerId, leavesOn);
    }

    @Override
    public String toString() {
        return "EmployeeRecord[id=" + id + ", username=" + username + "]";
    }
}
