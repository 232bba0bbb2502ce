package io.custos.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The grants a person receives on one customer, answered by the sharing module (which depends on
 * this one, so it is asked through this interface rather than called). Only grants that give
 * access at the instant count: approved, started, not ended or revoked, the recipient's
 * confidentiality agreement in force and, for a partner's user, accepted.
 */
public interface SharedGrants {

    List<Granted> on(Person person, UUID customerId, Instant at);
}
