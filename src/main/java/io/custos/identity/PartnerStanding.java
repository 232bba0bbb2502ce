package io.custos.identity;

import java.util.UUID;

/**
 * Whether a partner organisation may still have its people signed in, answered by the module that
 * keeps the partner register (sharing), which depends on identity and so cannot be called by name.
 * Without an implementation no partner account signs in: the answer fails closed.
 */
public interface PartnerStanding {

    boolean activePartner(UUID partnerId);
}
