package io.custos.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;

/** The person asking, as the decision needs them: roles, department (or partner organisation) and standing. */
public record Person(UUID id, Set<Role> roles, @Nullable UUID departmentId, EmployeeStatus status,
        @Nullable UUID partnerId) {

    public Person(UUID id, Set<Role> roles, @Nullable UUID departmentId, EmployeeStatus status) {
        this(id, roles, departmentId, status, null);
    }

    public Person {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Person of(CustosUser user) {
        return new Person(user.id(), user.roles(), user.departmentId(), user.status(), user.partnerId());
    }
}
