package io.custos.consent;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A customer's consent now: the answer the access decision asks for. */
public record ConsentState(UUID customerId, int noticeVersion, Set<String> purposes, boolean sensitiveConsent,
        boolean thirdPartyConsent, Instant updatedAt) {

    public ConsentState {
        purposes = Set.copyOf(purposes);
    }

    public boolean consentedTo(String purpose) {
        return purposes.contains(purpose);
    }
}
