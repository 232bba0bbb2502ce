package io.custos.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.Signatures;

/**
 * Links this node's committed events into its chain and signs checkpoints. Writers never wait for
 * it: they only insert. Each run locks the chain's head row (so even two nodes misconfigured with
 * one chain name take turns instead of forking it), gives the oldest unsealed events the next
 * sequence numbers and hashes, and, every {@code checkpoint-every} events or {@code
 * checkpoint-interval} of time, signs a checkpoint, stores it, and after commit appends it to the
 * checkpoint file.
 */
@Component
class AuditSealer {

    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
    private static final int MAX_BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AuditRepository events;
    private final Signatures signatures;
    private final AuditProperties properties;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Checkpoint> notYetFiled = new ArrayList<>();
    private volatile boolean lastRunFailed;
    private volatile boolean filePending;
    private volatile boolean headReady;
    private volatile boolean fileReady;

    AuditSealer(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AuditRepository events, Signatures signatures,
            AuditProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.events = events;
        this.signatures = signatures;
        this.properties = properties;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        log.info("Audit chain {}: checkpoints signed every {} events or {}, copied to {}", properties.chain(),
                properties.checkpointEvery(), properties.checkpointInterval(), properties.checkpointFile());
        sealNow();
    }

    @Scheduled(initialDelayString = "${custos.audit.seal-interval:500ms}",
            fixedDelayString = "${custos.audit.seal-interval:500ms}")
    void sealPeriodically() {
        try {
            sealNow();
            lastRunFailed = false;
        } catch (RuntimeException e) {
            lastRunFailed = true;
            log.error("Audit sealer run failed; events stay recorded but unlinked until it succeeds", e);
        }
    }

    /** Seals everything committed so far; returns the number of events linked. */
    int sealNow() {
        lock.lock();
        try {
            ensureHead();
            catchUpFile();
            int total = 0;
            while (true) {
                Batch batch = transaction.execute(status -> sealBatch());
                if (batch == null) {
                    break;
                }
                notYetFiled.addAll(batch.checkpoints());
                fileCheckpoints();
                total += batch.sealed();
                if (!batch.more()) {
                    break;
                }
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** Healthy when the last run linked what it found and every signed checkpoint is in the file too. */
    boolean healthy() {
        return !lastRunFailed && !filePending;
    }

    /** Runs {@code work} while no checkpoint can be in the database and not yet in the file. */
    <T> T whileQuiet(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private record Batch(int sealed, boolean more, List<Checkpoint> checkpoints) {
    }

    private record Head(long lastSeq, String lastHash, long checkpoints, long checkpointSeq, Instant checkpointAt) {
    }

    private Batch sealBatch() {
        String chain = properties.chain();
        Head head = jdbc.sql("select last_seq, last_hash, checkpoints, checkpoint_seq, checkpoint_at from audit_chain "
                + "where chain = ? for update")
                .param(chain)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .single();
        long sinceCheckpoint = head.lastSeq() - head.checkpointSeq();
        int limit = (int) Math.max(1, Math.min(MAX_BATCH, properties.checkpointEvery() - sinceCheckpoint));
        List<AuditRepository.Unsealed> pending = events.unsealed(chain, limit);

        long seq = head.lastSeq();
        String prev = head.lastHash();
        List<Object[]> updates = new ArrayList<>(pending.size());
        for (AuditRepository.Unsealed unsealed : pending) {
            seq++;
            String hash = EventHashing.hash(prev, seq, unsealed.event());
            updates.add(new Object[] {seq, prev, hash, unsealed.id()});
            prev = hash;
        }
        if (!updates.isEmpty()) {
            int[] counts = jdbcTemplate.batchUpdate(
                    "update audit_event set seq = ?, prev_hash = ?, hash = ? where id = ? and seq is null", updates);
            for (int count : counts) {
                if (count != 1 && count >= 0) {
                    throw new IllegalStateException("An audit event changed while it was being sealed");
                }
            }
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long unattested = seq - head.checkpointSeq();
        boolean due = unattested >= properties.checkpointEvery() || (unattested > 0
                && !Duration.between(head.checkpointAt(), now).minus(properties.checkpointInterval()).isNegative());
        List<Checkpoint> signed = new ArrayList<>(1);
        long checkpoints = head.checkpoints();
        long checkpointSeq = head.checkpointSeq();
        Instant checkpointAt = head.checkpointAt();
        if (due) {
            checkpoints++;
            byte[] signature = signatures.sign(AuditProperties.SIGNING_KEY,
                    Checkpoint.signedBytes(chain, checkpoints, seq, prev, now));
            Checkpoint checkpoint = new Checkpoint(chain, checkpoints, seq, prev, now,
                    Base64.getEncoder().encodeToString(signature));
            jdbc.sql("insert into audit_checkpoint (chain, checkpoint_no, event_seq, event_hash, at, signature) "
                    + "values (?, ?, ?, ?, ?, ?)")
                    .params(chain, checkpoints, seq, prev, AuditRepository.utc(now), checkpoint.signature())
                    .update();
            signed.add(checkpoint);
            checkpointSeq = seq;
            checkpointAt = now;
        }
        if (!updates.isEmpty() || due) {
            jdbc.sql("update audit_chain set last_seq = ?, last_hash = ?, checkpoints = ?, checkpoint_seq = ?, "
                    + "checkpoint_at = ? where chain = ?")
                    .params(seq, prev, checkpoints, checkpointSeq, AuditRepository.utc(checkpointAt), chain)
                    .update();
        }
        return new Batch(updates.size(), updates.size() == limit, signed);
    }

    private void ensureHead() {
        if (headReady) {
            return;
        }
        try {
            transaction.executeWithoutResult(status -> {
                boolean exists = jdbc.sql("select count(*) from audit_chain where chain = ?")
                        .param(properties.chain()).query(Long.class).single() > 0;
                if (!exists) {
                    jdbc.sql("insert into audit_chain (chain, last_seq, last_hash, checkpoints, checkpoint_seq, "
                            + "checkpoint_at) values (?, 0, ?, 0, 0, ?)")
                            .params(properties.chain(), EventHashing.genesis(properties.chain()),
                                    AuditRepository.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                            .update();
                }
            });
        } catch (DuplicateKeyException anotherNodeCreatedIt) {
            // Same outcome: the head exists.
        }
        headReady = true;
    }

    /**
     * After a crash between commit and append, the file lacks the newest checkpoints: copy them from
     * the database once at start, loudly, so that the gap is visible in the log and not silent.
     */
    private void catchUpFile() {
        if (fileReady) {
            return;
        }
        fileReady = true;
        Path file = properties.checkpointFile();
        long inFile = 0;
        if (Files.exists(file)) {
            try (CheckpointFile.Reader reader = CheckpointFile.Reader.open(file, properties.chain())) {
                for (Checkpoint c = reader.next(); c != null; c = reader.next()) {
                    inFile = c.number();
                }
            } catch (CheckpointFile.Malformed e) {
                log.error("The checkpoint file {} is damaged ({}); verification will report it", file, e.getMessage());
                return;
            } catch (java.io.IOException e) {
                log.error("Cannot read the checkpoint file {}", file, e);
                return;
            }
        }
        List<Checkpoint> missing = jdbc.sql("select chain, checkpoint_no, event_seq, event_hash, at, signature "
                + "from audit_checkpoint where chain = ? and checkpoint_no > ? order by checkpoint_no")
                .params(properties.chain(), inFile)
                .query((rs, n) -> new Checkpoint(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)))
                .list();
        if (!missing.isEmpty()) {
            log.warn("The checkpoint file {} lacks {} checkpoint(s) of chain {} from number {}; appending them from "
                    + "the database", file, missing.size(), properties.chain(), missing.get(0).number());
            notYetFiled.addAll(missing);
            fileCheckpoints();
        }
    }

    private void fileCheckpoints() {
        while (!notYetFiled.isEmpty()) {
            Checkpoint next = notYetFiled.get(0);
            try {
                CheckpointFile.append(properties.checkpointFile(), next);
            } catch (RuntimeException e) {
                log.error("Checkpoint {} of chain {} is signed and stored but not yet in {}; retrying at the next run",
                        next.number(), next.chain(), properties.checkpointFile(), e);
                filePending = true;
                return;
            }
            notYetFiled.remove(0);
        }
        filePending = false;
    }
}
