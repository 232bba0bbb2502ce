package io.custos.customer;

import java.util.List;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;

/**
 * Who sees which customers, until the access module decides field by field and for a purpose
 * (issue "Access decisions"): owners and their department see their customers, department heads
 * edit their department's, management sees all at L1-L2, the administration department sees L1 and
 * the record's metadata; the system administrator, security administrator and auditor see none.
 * L3-L4 values are masked for everyone: nobody reveals them yet.
 */
final class CustomerVisibility {

    private CustomerVisibility() {
    }

    /** The closest relation a person has to a customer; decides what they see. */
    enum Relation {
        OWNER, DEPARTMENT, MANAGEMENT, ADMINISTRATION, NONE
    }

    static Relation relation(CustosUser user, CustomerRecord customer) {
        if (user.id().equals(customer.ownerId())) {
            return Relation.OWNER;
        }
        if (user.hasAnyRole(List.of(Role.EMPLOYEE, Role.DEPT_HEAD)) && user.departmentId() != null
                && user.departmentId().equals(customer.departmentId())) {
            return Relation.DEPARTMENT;
        }
        if (user.hasRole(Role.MANAGEMENT)) {
            return Relation.MANAGEMENT;
        }
        if (user.hasRole(Role.ADMIN_OFFICER)) {
            return Relation.ADMINISTRATION;
        }
        return Relation.NONE;
    }

    static boolean canEdit(CustosUser user, CustomerRecord customer) {
        Relation relation = relation(user, customer);
        return relation == Relation.OWNER || relation == Relation.DEPARTMENT && user.hasRole(Role.DEPT_HEAD);
    }

    static boolean canCreate(CustosUser user) {
        return user.hasAnyRole(List.of(Role.EMPLOYEE, Role.DEPT_HEAD));
    }

    /** Whether a field's value is shown or masked for this relation. */
    static boolean shown(Relation relation, FieldDefinition field) {
        if (field.encrypted() || relation == Relation.NONE) {
            return false;
        }
        return relation != Relation.ADMINISTRATION || field.sensitivity() == io.custos.shared.Sensitivity.L1;
    }

    /** The customers a person may find in lists and searches, as a WHERE fragment with its parameters. */
    record Scope(String where, List<Object> params) {
    }

    static Scope scope(CustosUser user) {
        if (user.hasAnyRole(List.of(Role.MANAGEMENT, Role.ADMIN_OFFICER))) {
            return new Scope("1 = 1", List.of());
        }
        if (user.hasAnyRole(List.of(Role.EMPLOYEE, Role.DEPT_HEAD))) {
            java.util.UUID department = user.departmentId();
            return department == null ? new Scope("c.owner_id = ?", List.of(user.id()))
                    : new Scope("(c.owner_id = ? or c.department_id = ?)", List.of(user.id(), department));
        }
        return new Scope("1 = 0", List.of());
    }
}
