package io.custos.identity;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What an administrator gets back from creating an account or resetting a password. For staff the
 * one-time password itself never reaches the administrator (issue 24.4): {@code delivery} says
 * where the single-use link went, or holds the link to hand over in person. {@code roleGrantId}:
 * roles that wait for approval; {@code resetRequestId}: a reset of a privileged account that waits
 * for a second person (and has not happened yet, so there is no delivery). Staff and partners' users
 * alike; only the first-start administrator's password is printed, on the server's console.
 */
public record IssuedCredential(UUID employeeId, String username, CredentialLinks.@Nullable Delivery delivery,
        @Nullable UUID roleGrantId, @Nullable UUID resetRequestId) {

    @Override
    public String toString() {
        return "IssuedCredential[employeeId=" + employeeId + ", username=" + username + "]";
    }
}
