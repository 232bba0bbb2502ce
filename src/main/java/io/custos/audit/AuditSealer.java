package io.custos.audit;

import java.io.IOException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.Signatures;
import io.custos.shared.Actor;

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
    static final String TAGS_INTRODUCED = "audit.log.tags-introduced";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AuditRepository events;
    private final EventTags tags;
    private final AuditLog audit;
    private final AuditAlarm alarm;
    private final Signatures signatures;
    private final AuditProperties properties;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<Checkpoint> notYetFiled = new ArrayList<>();
    private volatile boolean lastRunFailed;
    private volatile boolean filePending;
    private volatile boolean headReady;
    private volatile boolean fileReady;

    AuditSealer(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AuditRepository events, EventTags tags, AuditLog audit,
            AuditAlarm alarm, Signatures signatures, AuditProperties properties, Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.events = events;
        this.tags = tags;
        this.audit = audit;
        this.alarm = alarm;
        this.signatures = signatures;
        this.properties = properties;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        log.info("Audit chain {}: checkpoints signed every {} events or {}, copied to {}", properties.chain(),
                properties.checkpointEvery(), properties.checkpointInterval(), properties.checkpointFile());
        try {
            tagLegacyEvents();
            sealNow();
        } finally {
            started.countDown();
        }
    }

    /**
     * Waits until the start-up work (tagging events of before the upgrade, the first seal) is done,
     * so the verification at start does not take an event being tagged for a forged one.
     */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A normal stop seals what is left and signs a checkpoint over it (issue 13.9), so no event
     * recorded before the stop can be removed while the application is down without the checkpoint
     * file saying so. Runs before the data source closes.
     */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        try {
            sealNow();
            lock.lock();
            try {
                Batch last = transaction.execute(status -> sealBatch(true));
                if (last != null) {
                    notYetFiled.addAll(last.checkpoints());
                    fileCheckpoints();
                }
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            log.error("The final checkpoint of audit chain {} could not be written at shutdown", properties.chain(), e);
        }
    }

    // On every node, no @SchedulerLock: each node seals its own chain (issue 23).
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
                Batch batch = transaction.execute(status -> sealBatch(false));
                if (batch == null) {
                    break;
                }
                notYetFiled.addAll(batch.checkpoints());
                fileCheckpoints();
                total += batch.sealed();
                if (batch.rejected() > 0) {
                    alarm.raise(AuditAlarmRaised.Reason.FORGED_EVENTS_REJECTED, properties.chain(),
                            AuditEvent.of(AuditCategory.SECURITY, "audit.alarm.raised", AuditOutcome.FAILED)
                                    .detail("rejected", batch.rejected()));
                }
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

    private record Batch(int sealed, int rejected, boolean more, List<Checkpoint> checkpoints) {
    }

    private record Head(long lastSeq, String lastHash, long checkpoints, long checkpointSeq, Instant checkpointAt) {
    }

    /** @param closing sign a checkpoint over whatever is not yet attested, due or not */
    private Batch sealBatch(boolean closing) {
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
        int rejected = 0;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        for (AuditRepository.Unsealed unsealed : pending) {
            if (!tags.valid(unsealed.event(), unsealed.tag())) {
                // Not written by Custos: never linked into the chain as genuine (issue 13.7).
                String reason = unsealed.tag() == null ? "UNTAGGED" : "BAD_TAG";
                if (events.reject(unsealed, reason, now)) {
                    rejected++;
                    log.error("Audit chain {}: refused a row without a valid authentication tag (row {}, {}); moved "
                            + "to audit_rejected_event", chain, unsealed.id(), reason);
                    audit.record(AuditEvent.of(AuditCategory.SECURITY, "audit.event.rejected", AuditOutcome.DENIED)
                            .actor(Actor.system("audit-sealer"))
                            .detail("row", unsealed.id())
                            .detail("reason", reason)
                            .build());
                }
                continue;
            }
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

        long unattested = seq - head.checkpointSeq();
        boolean due = unattested >= properties.checkpointEvery() || (unattested > 0 && closing) || (unattested > 0
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
        return new Batch(updates.size(), rejected, pending.size() == limit, signed);
    }

    /**
     * The first start after tags were introduced (migration V36) tags the events that existed before,
     * once: they were trusted untagged until then, sealed ones are also held by the chain. The
     * tagged marker event it records makes every later start skip this, so lifting
     * {@code legacy_through_id} afterwards does not get a planted row tagged.
     */
    void tagLegacyEvents() {
        Long through = jdbc.sql("select max(legacy_through_id) from audit_tag_upgrade").query(Long.class).optional()
                .orElse(null);
        if (through == null) {
            return;
        }
        List<AuditRepository.Unsealed> markers = jdbc.sql("select id, " + AuditRepository.COLUMNS + ", tag from "
                + "audit_event where action = ?").param(TAGS_INTRODUCED)
                .query((rs, n) -> new AuditRepository.Unsealed(rs.getLong("id"), AuditRepository.map(rs),
                        rs.getString("tag")))
                .list();
        if (markers.stream().anyMatch(m -> tags.valid(m.event(), m.tag()))) {
            return;
        }
        tagEventsThrough(through);
    }

    /** Tags every untagged event up to row {@code through} and records that it did. */
    void tagEventsThrough(long through) {
        long tagged = 0;
        while (true) {
            Integer done = transaction.execute(status -> {
                List<AuditRepository.Unsealed> rows = jdbc.sql("select id, " + AuditRepository.COLUMNS + ", tag from "
                        + "audit_event where id <= ? and tag is null order by id fetch first " + MAX_BATCH
                        + " rows only").param(through)
                        .query((rs, n) -> new AuditRepository.Unsealed(rs.getLong("id"), AuditRepository.map(rs),
                                null))
                        .list();
                List<Object[]> updates = rows.stream()
                        .map(r -> new Object[] {tags.tag(r.event()), r.id()}).toList();
                jdbcTemplate.batchUpdate("update audit_event set tag = ? where id = ? and tag is null", updates);
                return rows.size();
            });
            tagged += done == null ? 0 : done;
            if (done == null || done < MAX_BATCH) {
                break;
            }
        }
        log.info("Tagged {} audit events written before event tags were introduced", tagged);
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, TAGS_INTRODUCED, AuditOutcome.ALLOWED)
                .actor(Actor.system("audit-sealer"))
                .detail("tagged", tagged)
                .detail("throughRow", through)
                .build());
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
        repairTornLine(true);
        long inFile = 0;
        Checkpoint lastInFile = null;
        if (Files.exists(file)) {
            try (CheckpointFile.Reader reader = CheckpointFile.Reader.open(file, properties.chain())) {
                for (Checkpoint c = reader.next(); c != null; c = reader.next()) {
                    inFile = c.number();
                    lastInFile = c;
                }
            } catch (CheckpointFile.Malformed e) {
                log.error("The checkpoint file {} is damaged ({}); verification will report it", file, e.getMessage());
                return;
            } catch (IOException e) {
                log.error("Cannot read the checkpoint file {}", file, e);
                return;
            }
        }
        if (lastInFile != null) {
            compareHeadWithFile(lastInFile);
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

    /**
     * At start, the chain must still reach the last event the checkpoint file attests, with the same
     * hash (issue 13.9): events removed while the application was stopped are reported at once,
     * not only at the next verification.
     */
    private void compareHeadWithFile(Checkpoint attested) {
        String chain = properties.chain();
        boolean archived = jdbc.sql("select count(*) from audit_archive where chain = ? and last_seq >= ?")
                .params(chain, attested.eventSeq()).query(Long.class).single() > 0;
        if (archived) {
            return;
        }
        String hash = jdbc.sql("select hash from audit_event where chain = ? and seq = ?")
                .params(chain, attested.eventSeq()).query(String.class).optional().orElse(null);
        if (attested.eventHash().equals(hash)) {
            return;
        }
        long lastSeq = jdbc.sql("select coalesce(max(seq), 0) from audit_event where chain = ?")
                .param(chain).query(Long.class).single();
        log.error("Audit chain {} in the database ends at seq {} or differs from checkpoint {} in {}, which attests "
                + "seq {}: events were removed or rewritten while the application was stopped", chain, lastSeq,
                attested.number(), properties.checkpointFile(), attested.eventSeq());
        alarm.raise(AuditAlarmRaised.Reason.CHAIN_SHORTER_THAN_CHECKPOINTS, chain,
                AuditEvent.of(AuditCategory.SECURITY, "audit.alarm.raised", AuditOutcome.FAILED)
                        .detail("checkpoint", attested.number())
                        .detail("attestedSeq", attested.eventSeq())
                        .detail("lastSeq", lastSeq));
    }

    /** Cuts off a line the last write left unfinished, and records that it did (issue 13.8). */
    private void repairTornLine(boolean atStart) {
        Path file = properties.checkpointFile();
        long cut;
        try {
            cut = CheckpointFile.cutTornTail(file);
        } catch (IOException e) {
            log.error("Cannot check the end of the checkpoint file {}", file, e);
            return;
        }
        int dropped = 0;
        try {
            // The whole file is read for this, so only once, at start.
            dropped = atStart ? CheckpointFile.dropGluedFragments(file, clock.millis()) : 0;
        } catch (IOException e) {
            log.error("Cannot repair the checkpoint file {}", file, e);
            dropped = 0;
        }
        if (dropped > 0) {
            log.warn("The checkpoint file {} held {} cut-off line(s) with the next checkpoint written onto them (a "
                    + "full disk, before this version); removed the fragments, the damaged file is kept beside it",
                    file, dropped);
            audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "audit.checkpoint-file.repaired",
                    AuditOutcome.ALLOWED)
                    .actor(Actor.system("audit-sealer"))
                    .detail("fragmentsDropped", dropped)
                    .build());
        }
        if (cut > 0) {
            log.warn("The checkpoint file {} ended in an unfinished line ({} bytes, a write cut short); cut it off, "
                    + "the checkpoints it held are written again from the database", file, cut);
            audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "audit.checkpoint-file.repaired",
                    AuditOutcome.ALLOWED)
                    .actor(Actor.system("audit-sealer"))
                    .detail("bytesCut", cut)
                    .build());
        }
    }

    private void fileCheckpoints() {
        if (!notYetFiled.isEmpty()) {
            // A line an earlier write left unfinished is cut off first: never append onto it.
            repairTornLine(false);
        }
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
