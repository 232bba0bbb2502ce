package io.custos.identity;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published when an account's roles, department or status changed (past tense, ids only).
 * Handover and monitoring react to departures and role changes.
 */
public record EmployeeChanged(UUID employeeId, UUID changedBy, Set<Role> rolesBefore, Set<Role> rolesAfter,
        @Nullable UUID departmentBefore, @Nullable UUID departmentAfter, EmployeeStatus statusBefore,
        EmployeeStatus statusAfter) {

    public boolean departed() {
        return statusBefore != EmployeeStatus.DEPARTED && statusAfter == EmployeeStatus.DEPARTED;
    }

    public boolean rolesChanged() {
        return !rolesBefore.equals(rolesAfter);
    }
}
