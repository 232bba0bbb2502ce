package io.custos.identity;

import java.util.function.Supplier;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * How the demo seeders act as the demo's people: through the same use cases, signed in as the
 * person for the call (so method security and the audit log see who acted), then signed out again.
 * For seeding only; a request's person comes from Spring Security.
 */
public final class SeedingAs {

    private SeedingAs() {
    }

    /** The person as the use cases take them. */
    public static CustosUser user(EmployeeView e) {
        return new CustosUser(e.id(), e.username(), e.displayName(), e.departmentId(), e.roles(), e.status());
    }

    public static <T> T as(CustosUser user, Supplier<T> action) {
        var previous = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user,
                null, user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
        try {
            return action.get();
        } finally {
            SecurityContextHolder.getContext().setAuthentication(previous);
        }
    }
}
