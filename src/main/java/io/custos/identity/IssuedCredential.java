package io.custos.identity;

import java.util.UUID;

/**
 * A one-time password the system generated (new account, reset). It is returned once to the
 * administrator who asked for it and never stored or logged in clear.
 */
public record IssuedCredential(UUID employeeId, String username, String oneTimePassword,
        @org.jspecify.annotations.Nullable UUID roleGrantId) {

    public IssuedCredential(UUID employeeId, String username, String oneTimePassword) {
        this(employeeId, username, oneTimePassword, null);
    }

    @Override
    public String toString() {
        return "IssuedCredential[employeeId=" + employeeId + ", username=" + username + "]";
    }
}
