package io.custos.audit;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code verify} found: valid, or for each broken chain the first broken place and why.
 *
 * @param publicKeyFromDatabase true when the checkpoints were checked with the public key stored in
 *        the database rather than one the auditor pinned; someone who can rewrite the database could
 *        have replaced both, so the offline tool says so
 */
public record AuditVerification(boolean valid, Instant checkedAt, List<Chain> chains, List<Problem> problems,
        boolean publicKeyFromDatabase) {

    public AuditVerification {
        chains = List.copyOf(chains);
        problems = List.copyOf(problems);
    }

    /**
     * @param events sealed events present in the database
     * @param lastSeq the last sealed sequence number, 0 when none
     * @param checkpoints signed checkpoints in the database
     * @param fileCheckpoints checkpoints of this chain in the checkpoint file; null when no file covers the chain
     * @param unsealed events recorded but not yet linked (normal for about a second)
     * @param archivedThrough events up to this seq were archived after their retention; null when none
     */
    public record Chain(String chain, long events, long lastSeq, long checkpoints, @Nullable Long fileCheckpoints,
            long unsealed, @Nullable Long archivedThrough) {
    }

    /** The first broken place of one chain; {@code seq} is null when the fault is not at one event. */
    public record Problem(String chain, @Nullable Long seq, Kind kind, String detail) {
    }

    public enum Kind {
        /** An event's content or its link to the one before does not match the hash. */
        HASH_MISMATCH,
        /** Sequence numbers skip: events were deleted. */
        GAP,
        /** A signed checkpoint does not match the chain, or the database and the file disagree. */
        CHECKPOINT_MISMATCH,
        /** The chain or the checkpoint file ends before what a checkpoint attests. */
        TRUNCATION,
        /** A checkpoint is not signed by the audit key. */
        SIGNATURE_INVALID,
        /** The checkpoint file holds checkpoints the database has lost. */
        CHECKPOINT_MISSING,
        /** The checkpoint file is not a checkpoint file (damaged or edited). */
        CHECKPOINT_FILE_INVALID,
        /** An archive of events past their retention is missing, changed or not signed. */
        ARCHIVE_INVALID,
        /** A sealed event lacks a valid authentication tag: it was not written by Custos. */
        TAG_INVALID
    }
}
