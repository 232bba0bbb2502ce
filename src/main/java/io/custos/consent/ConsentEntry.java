package io.custos.consent;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One line of a customer's consent history: a grant or a withdrawal. */
public record ConsentEntry(UUID id, Kind kind, int noticeVersion, Set<String> purposes, boolean sensitiveConsent,
        boolean thirdPartyConsent, Channel channel, Instant recordedAt, String recordedBy,
        @Nullable String evidenceSha256) {

    public enum Kind {
        GRANTED, WITHDRAWN
    }

    public ConsentEntry {
        purposes = Set.copyOf(purposes);
    }
}
