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
 * role change or a departure takes effect at once, not at the next sign-in. A partner organisation's
 * user has {@code partnerId} (and the PARTNER role only, no department); staff have none.
 */
public record CustosUser(UUID id, String username, String displayName, @Nullable UUID departmentId,
        Set<Role> roles, EmployeeStatus status, @Nullable UUID partnerId)
        implements Principal, Serializable, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    public CustosUser {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** A member of staff (no partner). */
    public CustosUser(UUID id, String username, String displayName, @Nullable UUID departmentId, Set<Role> roles,
            EmployeeStatus status) {
        this(id, username, displayName, departmentId, roles, status, null);
    }

    /** Whether this is a partner organisation's user rather than a member of staff. */
    public boolean partner() {
        return partnerId != null;
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean hasAnyRole(Collection<Role> candidates) {
        return candidates.stream().anyMatch(roles::contains);
    }

    @Override
    public Actor actor() {
        return new Actor(partnerId != null ? Actor.ActorType.PARTNER : Actor.ActorType.EMPLOYEE, id, username);
    }

    @Override
    public String getName() {
        return username;
    }
}
