package io.custos.identity;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published when an account's roles, department or status changed (past tense, ids only), in the
 * transaction that changed it: handover opens its case there, so a change never goes without one.
 *
 * @param changedBy the person who changed it; null when the notice sweep ended a notice
 * @param leavesOn for someone on notice, the day their access ends
 */
public record EmployeeChanged(UUID employeeId, @Nullable UUID changedBy, Set<Role> rolesBefore, Set<Role> rolesAfter,
        @Nullable UUID departmentBefore, @Nullable UUID departmentAfter, EmployeeStatus statusBefore,
        EmployeeStatus statusAfter, @Nullable LocalDate leavesOn) {

    public EmployeeChanged(UUID employeeId, @Nullable UUID changedBy, Set<Role> rolesBefore, Set<Role> rolesAfter,
            @Nullable UUID departmentBefore, @Nullable UUID departmentAfter, EmployeeStatus statusBefore,
            EmployeeStatus statusAfter) {
        this(employeeId, changedBy, rolesBefore, rolesAfter, departmentBefore, departmentAfter, statusBefore,
                statusAfter, null);
    }

    public boolean departed() {
        return statusBefore != EmployeeStatus.DEPARTED && statusAfter == EmployeeStatus.DEPARTED;
    }

    /** Put on notice now, or the leaving date of a notice moved. */
    public boolean onNotice() {
        return statusAfter == EmployeeStatus.ON_NOTICE;
    }

    /** Moved from one department to another (or out of any). */
    public boolean moved() {
        return departmentBefore != null && !departmentBefore.equals(departmentAfter);
    }

    /** Back to active from notice: the notice was withdrawn. */
    public boolean noticeWithdrawn() {
        return statusBefore == EmployeeStatus.ON_NOTICE && statusAfter == EmployeeStatus.ACTIVE;
    }

    public boolean rolesChanged() {
        return !rolesBefore.equals(rolesAfter);
    }
}
