package io.custos.consent;

import java.util.Set;

/** What a customer takes back: purposes, and/or the separate sensitive-data or third-party consent. */
public record Withdrawal(Set<String> purposes, boolean sensitiveConsent, boolean thirdPartyConsent) {

    public Withdrawal {
        purposes = Set.copyOf(purposes);
    }

    public boolean isEmpty() {
        return purposes.isEmpty() && !sensitiveConsent && !thirdPartyConsent;
    }
}
