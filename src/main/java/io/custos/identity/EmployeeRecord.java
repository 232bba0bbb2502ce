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
        @Nullable UUID partnerId, @Nullable LocalDate leavesOn, @Nullable Instant oneTimePasswordExpiresAt,
        boolean ssoLinked) {

    /** An administrator-issued one-time password not yet replaced and past its time (issue 24.4). */
    boolean oneTimePasswordExpired(Instant now) {
        return mustChangePassword && oneTimePasswordExpiresAt != null && !now.isBefore(oneTimePasswordExpiresAt);
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    CustosUser toUser() {
        return new CustosUser(id, username, displayName, departmentId, roles, status, partnerId);
    }

    EmployeeView toView(Instant now) {
        return new EmployeeView(id, username, displayName, email, departmentId, position, status, roles,
                lockedAt(now), totpEnabled, mustChangePassword, passwordChangedAt, lastLoginAt, partnerId, leavesOn,
                mustChangePassword ? oneTimePasswordExpiresAt : null, oneTimePasswordExpired(now));
    }

    @Override
    public String toString() {
        return "EmployeeRecord[id=" + id + ", username=" + username + "]";
    }
}
