package io.custos.identity;

import java.util.Set;

/**
 * A signed-in person as of this request, with what they must do first and the version of their
 * credentials: a session signed in under an older version has ended.
 */
public record AccountState(CustosUser user, Set<PendingAction> pendingActions, int credentialVersion) {

    public AccountState {
        pendingActions = Set.copyOf(pendingActions);
    }
}
