package io.custos.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.custos.audit.AuditVerification.Kind;
import io.custos.audit.AuditVerification.Problem;
import io.custos.keys.SignatureVerifier;

/**
 * Walks every chain in sequence order with database cursors (constant memory however long the
 * log), recomputing each hash, and checks every checkpoint: its signature, that its number follows
 * the previous one, that the chain really had that hash at that seq, and that the checkpoint file
 * outside the database says the same. Plain JDBC, no Spring: the offline command runs it too.
 */
final class ChainVerifier {

    private static final int FETCH = 1000;

    private final Connection connection;
    private final SignatureVerifier signatures;
    private final Map<String, Path> checkpointFiles;
    private final Map<String, Long> checkpointLimits;
    private final @Nullable Path archiveDirectory;
    private @Nullable TagCheck tagCheck;

    /** Whether an event carries a valid authentication tag; only the application holds the key. */
    @FunctionalInterface
    interface TagCheck {
        boolean valid(StoredEvent event, @Nullable String tag);
    }

    /**
     * @param checkpointFiles the checkpoint file of each chain that has one
     * @param checkpointLimits per chain, the last checkpoint number to check (later ones are younger
     *        than the verification); chains absent here are checked to their end
     * @param archiveDirectory where archive files are, to check them against their anchors; null skips that
     */
    ChainVerifier(Connection connection, SignatureVerifier signatures, Map<String, Path> checkpointFiles,
            Map<String, Long> checkpointLimits, @Nullable Path archiveDirectory) {
        this.archiveDirectory = archiveDirectory;
        this.connection = connection;
        this.signatures = signatures;
        this.checkpointFiles = Map.copyOf(checkpointFiles);
        this.checkpointLimits = Map.copyOf(checkpointLimits);
    }

    /** Also checks each sealed event's authentication tag (issue 13.7); the offline tool has no key for it. */
    ChainVerifier checkingTags(TagCheck check) {
        this.tagCheck = check;
        return this;
    }

    AuditVerification verify(Instant now, boolean publicKeyFromDatabase) throws SQLException {
        List<AuditVerification.Chain> chains = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String chain : chainNames()) {
            ChainWalk walk = new ChainWalk(chain);
            Problem problem = walk.run();
            if (problem != null) {
                problems.add(problem);
            }
            chains.add(walk.summary());
        }
        return new AuditVerification(problems.isEmpty(), now, chains, problems, publicKeyFromDatabase);
    }

    private TreeSet<String> chainNames() throws SQLException {
        TreeSet<String> names = new TreeSet<>(checkpointFiles.keySet());
        try (PreparedStatement statement = connection.prepareStatement("select distinct chain from audit_event "
                + "union select distinct chain from audit_checkpoint union select distinct chain from audit_archive");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The state of one chain's walk; the first problem ends it. */
    private final class ChainWalk {
        private final String chain;
        private final long limit;
        private long events;
        private long lastSeq;
        private long checkpoints;
        private @Nullable Long fileCheckpoints;
        private long unsealed;
        private @Nullable Long archivedThrough;

        private @Nullable ResultSet checkpointRows;
        private CheckpointFile.@Nullable Reader file;
        private boolean fileEnded;
        private long lastNumber;
        private long lastCheckpointSeq;

        ChainWalk(String chain) {
            this.chain = chain;
            this.limit = checkpointLimits.getOrDefault(chain, Long.MAX_VALUE);
        }

        AuditVerification.Chain summary() {
            return new AuditVerification.Chain(chain, events, lastSeq, checkpoints, fileCheckpoints, unsealed,
                    archivedThrough);
        }

        @Nullable
        Problem run() throws SQLException {
            unsealed = count("select count(*) from audit_event where chain = ? and seq is null");
            long expected = 1;
            String prev = EventHashing.genesis(chain);
            String anchorHash = null;
            try (PreparedStatement anchors = connection.prepareStatement("select first_seq, last_seq, last_hash, "
                    + "file_name, file_sha256 from audit_archive where chain = ? order by last_seq")) {
                anchors.setString(1, chain);
                try (ResultSet rs = anchors.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) != expected) {
                            return new Problem(chain, expected, Kind.GAP, "the archives do not continue one another: "
                                    + "events from " + expected + " to " + (rs.getLong(1) - 1) + " are in none");
                        }
                        if (archiveDirectory != null) {
                            String fileProblem = ArchiveFiles.problem(archiveDirectory.resolve(rs.getString(4)), chain,
                                    rs.getLong(1), rs.getLong(2), rs.getString(5), signatures);
                            if (fileProblem != null) {
                                return new Problem(chain, rs.getLong(1), Kind.ARCHIVE_INVALID, fileProblem);
                            }
                        }
                        archivedThrough = rs.getLong(2);
                        expected = archivedThrough + 1;
                        prev = rs.getString(3);
                        anchorHash = prev;
                    }
                }
            }
            Path filePath = checkpointFiles.get(chain);
            try (PreparedStatement cps = connection.prepareStatement("select checkpoint_no, event_seq, event_hash, at, "
                    + "signature from audit_checkpoint where chain = ? and checkpoint_no <= ? order by checkpoint_no");
                    PreparedStatement rows = connection.prepareStatement("select " + AuditRepository.COLUMNS
                            + ", tag from audit_event where chain = ? and seq is not null order by seq")) {
                cps.setFetchSize(FETCH);
                cps.setString(1, chain);
                cps.setLong(2, limit);
                rows.setFetchSize(FETCH);
                rows.setString(1, chain);
                try (ResultSet checkpointSet = cps.executeQuery(); ResultSet eventSet = rows.executeQuery()) {
                    checkpointRows = checkpointSet;
                    if (filePath != null) {
                        fileCheckpoints = 0L;
                        if (Files.exists(filePath)) {
                            file = CheckpointFile.Reader.open(filePath, chain);
                        } else {
                            fileEnded = true;
                        }
                    }
                    try {
                        return walk(eventSet, expected, prev, anchorHash);
                    } finally {
                        if (file != null) {
                            file.close();
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the checkpoint file " + filePath, e);
            }
        }

        private @Nullable Problem walk(ResultSet eventSet, long firstSeq, String firstPrev, @Nullable String anchorHash)
                throws SQLException, IOException {
            long expected = firstSeq;
            String prev = firstPrev;
            Checkpoint checkpoint;
            try {
                checkpoint = nextCheckpoint();
                // Checkpoints over archived events: one of them must attest the anchor the chain resumes from.
                boolean anchorAttested = anchorHash == null;
                while (checkpoint != null && checkpoint.eventSeq() < expected) {
                    if (checkpoint.eventSeq() == expected - 1 && checkpoint.eventHash().equals(anchorHash)) {
                        anchorAttested = true;
                    }
                    checkpoint = nextCheckpoint();
                }
                if (!anchorAttested) {
                    return new Problem(chain, expected - 1, Kind.CHECKPOINT_MISMATCH,
                            "no signed checkpoint attests the archive anchor the chain resumes from");
                }
                while (eventSet.next()) {
                    StoredEvent event = AuditRepository.map(eventSet);
                    long seq = Objects.requireNonNull(event.seq());
                    if (seq != expected) {
                        return new Problem(chain, expected, Kind.GAP, seq > expected
                                ? "events " + expected + " to " + (seq - 1) + " are missing"
                                : "event " + seq + " appears out of order");
                    }
                    if (!prev.equals(event.prevHash())) {
                        return new Problem(chain, seq, Kind.HASH_MISMATCH, "does not link to the event before it");
                    }
                    String computed = EventHashing.hash(prev, seq, event);
                    if (!computed.equals(event.hash())) {
                        return new Problem(chain, seq, Kind.HASH_MISMATCH, "its content does not match its hash");
                    }
                    if (tagCheck != null && !tagCheck.valid(event, eventSet.getString("tag"))) {
                        return new Problem(chain, seq, Kind.TAG_INVALID, "it carries no valid authentication tag: "
                                + "Custos did not write it");
                    }
                    events++;
                    lastSeq = seq;
                    prev = computed;
                    expected++;
                    if (checkpoint != null && checkpoint.eventSeq() == seq) {
                        if (!checkpoint.eventHash().equals(computed)) {
                            return new Problem(chain, seq, Kind.CHECKPOINT_MISMATCH, "checkpoint "
                                    + checkpoint.number() + " attests another hash for this event: the chain was "
                                    + "rewritten");
                        }
                        checkpoint = nextCheckpoint();
                    }
                }
                if (checkpoint != null) {
                    return new Problem(chain, expected, Kind.TRUNCATION, "the chain ends at seq " + (expected - 1)
                            + " but checkpoint " + checkpoint.number() + " attests seq " + checkpoint.eventSeq());
                }
                return fileTail();
            } catch (CheckpointProblem p) {
                return p.problem;
            } catch (CheckpointFile.Malformed m) {
                return new Problem(chain, null, Kind.CHECKPOINT_FILE_INVALID,
                        "checkpoint file " + m.getMessage());
            }
        }

        /** The next database checkpoint, checked against its predecessor, its signature and the file. */
        private @Nullable Checkpoint nextCheckpoint() throws SQLException, CheckpointProblem, CheckpointFile.Malformed {
            ResultSet rs = Objects.requireNonNull(checkpointRows);
            if (!rs.next()) {
                return null;
            }
            Checkpoint c = new Checkpoint(chain, rs.getLong(1), rs.getLong(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5));
            if (c.number() != lastNumber + 1) {
                throw new CheckpointProblem(new Problem(chain, null, Kind.CHECKPOINT_MISSING, "checkpoint "
                        + (lastNumber + 1) + " is missing from the database"));
            }
            if (c.eventSeq() <= lastCheckpointSeq) {
                throw new CheckpointProblem(new Problem(chain, c.eventSeq(), Kind.CHECKPOINT_MISMATCH, "checkpoint "
                        + c.number() + " does not move forward"));
            }
            if (!signed(c)) {
                throw new CheckpointProblem(new Problem(chain, c.eventSeq(), Kind.SIGNATURE_INVALID, "checkpoint "
                        + c.number() + " is not signed by the audit key"));
            }
            lastNumber = c.number();
            lastCheckpointSeq = c.eventSeq();
            checkpoints++;
            compareWithFile(c);
            return c;
        }

        private void compareWithFile(Checkpoint c) throws CheckpointProblem, CheckpointFile.Malformed {
            if (fileCheckpoints == null) {
                return;
            }
            Checkpoint inFile = fileEnded ? null : Objects.requireNonNull(file).next();
            if (inFile == null) {
                fileEnded = true;
                throw new CheckpointProblem(new Problem(chain, null, Kind.TRUNCATION, "the checkpoint file ends at "
                        + "checkpoint " + (c.number() - 1) + " but the database holds checkpoint " + c.number()));
            }
            fileCheckpoints = fileCheckpoints + 1;
            if (!inFile.equals(c)) {
                throw new CheckpointProblem(new Problem(chain, c.eventSeq(), Kind.CHECKPOINT_MISMATCH,
                        "checkpoint " + c.number() + " in the database differs from checkpoint " + inFile.number()
                                + " in the checkpoint file"));
            }
        }

        /** File lines beyond the database's checkpoints: checkpoints the database has lost. */
        private @Nullable Problem fileTail() throws CheckpointFile.Malformed {
            if (fileCheckpoints == null || fileEnded) {
                return null;
            }
            Checkpoint extra = Objects.requireNonNull(file).next();
            if (extra == null || extra.number() > limit) {
                return null;
            }
            if (!signed(extra)) {
                return new Problem(chain, null, Kind.CHECKPOINT_FILE_INVALID, "checkpoint " + extra.number()
                        + " in the file is not signed by the audit key");
            }
            return new Problem(chain, extra.eventSeq(), Kind.CHECKPOINT_MISSING, "the checkpoint file holds "
                    + "checkpoint " + extra.number() + " (seq " + extra.eventSeq() + ") that the database does not");
        }

        private boolean signed(Checkpoint c) {
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(c.signature());
            } catch (IllegalArgumentException e) {
                return false;
            }
            return signatures.verifies(signature, c.signedBytes());
        }

        private long count(String sql) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, chain);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    private static final class CheckpointProblem extends Exception {
        private final Problem problem;

        CheckpointProblem(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }
}
