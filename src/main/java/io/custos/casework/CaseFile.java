package io.custos.casework;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.Actor;

/**
 * A file of a case: evidence the customer sent, or what the company delivers to them. Named by the
 * case's own words ({@code evidence-2.pdf}), never by the name the file had on someone's computer.
 */
public record CaseFile(UUID id, UUID caseId, Kind kind, String mediaType, String fileName, long sizeBytes,
        String sha256, Instant addedAt, Actor.ActorType addedByType, @Nullable UUID addedBy) {

    public enum Kind { EVIDENCE, DELIVERY }

    /** A file with its bytes and, for a delivered copy, the password that opens it. */
    public record Content(CaseFile file, byte[] bytes, @Nullable String password) {
        @Override
        public String toString() {
            return "Content[" + file.id() + "]";
        }
    }
}
