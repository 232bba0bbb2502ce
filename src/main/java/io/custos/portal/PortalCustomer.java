package io.custos.portal;

import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.UUID;

import io.custos.shared.Actor;

/**
 * A customer signed in to the portal: only the customer's id, never a contact value, so nothing
 * personal travels in the session or the audit log's actor.
 */
public record PortalCustomer(UUID customerId) implements Principal, Serializable, Actor.Source {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The one authority a portal sign-in carries (identity's {@code Role.CUSTOMER}); no staff rule grants anything to it. */
    public static final String AUTHORITY = "ROLE_CUSTOMER";

    @Override
    public Actor actor() {
        return new Actor(Actor.ActorType.CUSTOMER, customerId, "customer:" + customerId);
    }

    @Override
    public String getName() {
        return "customer:" + customerId;
    }
}
