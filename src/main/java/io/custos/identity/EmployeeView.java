package io.custos.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An employee (or a partner's user, with {@code partnerId}) as shown to administrators and to other
 * modules. Holds no credential material. {@code leavesOn}: for someone on notice, the day their
 * access ends (at 00:00 company time). {@code oneTimePasswordExpiresAt}: when the one-time password an
 * administrator had issued stops working, while it is not yet replaced (issue 24.4).
 */
public record EmployeeView(UUID id, String username, String displayName, @Nullable String email,
        @Nullable UUID departmentId, @Nullable String position, EmployeeStatus status, Set<Role> roles,
        boolean locked, boolean secondFactorEnabled, boolean mustChangePassword, Instant passwordChangedAt,
        @Nullable Instant lastLoginAt, @Nullable UUID partnerId, @Nullable LocalDate leavesOn,
        @Nullable Instant oneTimePasswordExpiresAt, boolean oneTimePasswordExpired) {

    public EmployeeView {
        roles = Set.copyOf(roles);
    }

    /** Whether this is a partner organisation's user rather than a member of staff. */
    public boolean partner() {
        return partnerId != null;
    }
}
