package io.custos.consent;

import java.util.Set;
import java.util.UUID;

/**
 * A customer withdrew consent: from now on the withdrawn purposes are not consented. Carries what
 * remains, so listeners can tell which data no purpose needs any more.
 */
public record ConsentWithdrawn(UUID customerId, Set<String> withdrawnPurposes, boolean sensitiveWithdrawn,
        boolean thirdPartyWithdrawn, Set<String> remainingPurposes, boolean sensitiveRemains) {

    public ConsentWithdrawn {
        withdrawnPurposes = Set.copyOf(withdrawnPurposes);
        remainingPurposes = Set.copyOf(remainingPurposes);
    }
}
