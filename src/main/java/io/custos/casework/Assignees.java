package io.custos.casework;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeStatus;
import io.custos.identity.Employees;
import io.custos.identity.Role;

/** Who may answer a case of a department: a current employee or head of that very department. */
@Component
class Assignees {

    private final Employees employees;

    Assignees(Employees employees) {
        this.employees = employees;
    }

    boolean departmentExists(UUID departmentId) {
        return employees.department(departmentId).isPresent();
    }

    boolean mayAnswer(UUID employeeId, UUID departmentId) {
        return employees.byId(employeeId)
                .filter(e -> e.status() == EmployeeStatus.ACTIVE && departmentId.equals(e.departmentId())
                        && (e.roles().contains(Role.EMPLOYEE) || e.roles().contains(Role.DEPT_HEAD)))
                .isPresent();
    }
}
