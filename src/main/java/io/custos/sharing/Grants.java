package io.custos.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.custos.identity.CustosUser;

/** The approved grants, for the features that act under one (export packages, the ledger). */
public interface Grants {

    Optional<GrantSummary> find(UUID grantId);

    /** The grants whose recipient the user belongs to (their department, or their partner) active at the instant. */
    List<GrantSummary> activeFor(CustosUser user, Instant at);
}
