package io.custos.identity;

import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.Actor;

/**
 * The signed-in person as every module sees them. Reloaded from the database on each request, so a
 * role change or a departure takes effect at once, not at the next sign-in.
 */
public record CustosUser(UUID id, String username, String displayName, @Nullable UUID departmentId,
        Set<Role> roles, EmployeeStatus status) implements Principal, Serializable, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    public CustosUser {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(Collection<Role> candidates) {
        return candidates.stream().anyMatch(roles::contains);
    }

    @Override
    public Actor actor() {
        return new Actor(Actor.ActorType.EMPLOYEE, id, username);
    }

    @Override
    public String getName() {
        return username;
    }
}
