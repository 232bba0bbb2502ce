package io.custos.consent;

import java.util.Set;

/**
 * A consent as collected: under which notice version, for which purposes, with or without the
 * separate consents for sensitive (L4) data and for giving data to third parties, and how.
 */
public record ConsentGrant(int noticeVersion, Set<String> purposes, boolean sensitiveConsent,
        boolean thirdPartyConsent, Channel channel) {

    public ConsentGrant {
        purposes = Set.copyOf(purposes);
    }
}
