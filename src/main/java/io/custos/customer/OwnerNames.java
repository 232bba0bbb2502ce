package io.custos.customer;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;

/** The names of a customer's owner and department, for lists and pages. */
@Component
class OwnerNames {

    private final Employees employees;

    OwnerNames(Employees employees) {
        this.employees = employees;
    }

    String username(UUID employeeId) {
        return employees.byId(employeeId).map(EmployeeView::username).orElse("unknown");
    }

    @Nullable String departmentCode(@Nullable UUID departmentId) {
        return departmentId == null ? null : employees.department(departmentId).map(DepartmentView::code).orElse(null);
    }
}
