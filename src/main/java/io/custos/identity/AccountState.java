package io.custos.identity;

import java.util.Set;

/** A signed-in person as of this request, with what they must do first. */
public record AccountState(CustosUser user, Set<PendingAction> pendingActions) {

    public AccountState {
        pendingActions = Set.copyOf(pendingActions);
    }
}
