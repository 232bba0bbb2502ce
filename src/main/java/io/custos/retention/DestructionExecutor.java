package io.custos.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

import io.custos.shared.Actor;

/**
 * Executes started batches (issue 16.3, R-DEL-2) in chunks of {@code custos.retention.chunk-size}
 * customers, each chunk one transaction that locks the batch row (so chunks of one batch never run
 * at once, on any node): held customers are left (HELD); for each legal minimum, the L1 facts it
 * names of customers whose last transaction is within its period are copied without any link to
 * the person; the rest are erased (data key destroyed, values, flags and consent evidence deleted)
 * and their items marked (facts and erasure through {@link Shredder}, as a replay of the destruction
 * journal does). A crash between chunks loses nothing: the next start of any node, or the
 * periodic check, finds the batch EXECUTING and carries on where the committed items end. When no
 * item is left the batch is DONE with its counts and digest.
 * <p>
 * Several nodes share the database (issue 23, R-X-3): a batch's execution holds the ShedLock lock
 * {@code custos-destruction-<batch id>} from its first chunk to its last, kept alive while the node
 * works on it. Any node's resume skips a batch whose lock is held and takes over one whose lock ran
 * out because its node died.
 */
@Component
class DestructionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(DestructionExecutor.class);
    static final String JOB = "retention-destruction";
    static final String LOCK_PREFIX = "custos-destruction-";
    /**
     * How long a batch's lock outlives its node: the lock is extended every half of it while the batch
     * runs, so a node that died hands the batch over within this and one resume interval.
     */
    static final Duration LOCK_LEASE = Duration.ofMinutes(3);

    private final DestructionRepository repository;
    private final Shredder shredder;
    private final LegalHolds holds;
    private final RetentionProperties properties;
    private final RetentionAudit audit;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final ExecutorService executor;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final BatchCertificates certificates;
    private final ScheduledExecutorService keepAlive;
    private final LockProvider locks;

    DestructionExecutor(Shredder shredder, BatchCertificates certificates, DestructionRepository repository,
            LegalHolds holds, RetentionProperties properties, RetentionAudit audit, JdbcTemplate batch,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock,
            ExtensibleLockProvider locks) {
        this.shredder = shredder;
        this.certificates = certificates;
        this.repository = repository;
        this.holds = holds;
        this.properties = properties;
        this.audit = audit;
        this.batch = batch;
        this.transactions = transactions;
        // One batch at a time per node, on a thread of its own: a long batch never holds a request thread
        // and two batches never compete for the same locks.
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, JOB);
            thread.setDaemon(true);
            return thread;
        });
        this.events = events;
        this.clock = clock;
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, JOB + "-lock");
            thread.setDaemon(true);
            return thread;
        });
        this.locks = new KeepAliveLockProvider(locks, keepAlive);
    }

    @TransactionalEventListener
    void on(DestructionStarted started) {
        executor.execute(() -> run(started.batchId()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        resume();
    }

    /** Picks up batches left EXECUTING: by a crash here, or a node that stopped. */
    // On every node, no @SchedulerLock: each batch's run takes its own lock, so a dead node's batch is taken over.
    @Scheduled(initialDelayString = "${custos.retention.resume-interval:1m}",
            fixedDelayString = "${custos.retention.resume-interval:1m}")
    void resume() {
        for (DestructionBatch executing : repository.withStatus(BatchStatus.EXECUTING)) {
            if (!running.contains(executing.id())) {
                executor.execute(() -> run(executing.id()));
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // A chunk in flight finishes or rolls back; what is left resumes at the next start.
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        keepAlive.shutdownNow();
    }

    /**
     * Runs a batch to its end on this thread; a second call while it runs here, or while another node
     * holds the batch's lock, does nothing.
     */
    void run(UUID batchId) {
        run(batchId, Integer.MAX_VALUE);
    }

    /** As {@link #run(UUID)}, stopping after {@code maxChunks} chunks (tests stop it half way, as a crash would). */
    void run(UUID batchId, int maxChunks) {
        run(batchId, maxChunks, properties.chunkSize());
    }

    void run(UUID batchId, int maxChunks, int chunkSize) {
        if (!running.add(batchId)) {
            return;
        }
        try {
            Optional<SimpleLock> lock = lock(batchId);
            if (lock.isEmpty()) {
                LOG.debug("Destruction batch {} runs on another node", batchId);
                return;
            }
            try {
                execute(batchId, maxChunks, chunkSize);
            } finally {
                release(batchId, lock.get());
            }
        } finally {
            running.remove(batchId);
        }
    }

    static String lockName(UUID batchId) {
        return LOCK_PREFIX + batchId;
    }

    private Optional<SimpleLock> lock(UUID batchId) {
        try {
            return locks.lock(new LockConfiguration(ClockProvider.now(), lockName(batchId), LOCK_LEASE, Duration.ZERO));
        } catch (RuntimeException e) {
            LOG.error("Destruction batch {} could not take its lock; it resumes on the next check", batchId, e);
            return Optional.empty();
        }
    }

    /**
     * Gives the lock back and, once the batch is no longer executing, drops its row: no node locks
     * that batch again, and {@code shedlock} does not grow by a row per batch. A node that took the
     * lock in between finds the batch finished and does nothing.
     */
    private void release(UUID batchId, SimpleLock lock) {
        try {
            lock.unlock();
            if (repository.find(batchId).map(b -> b.status() != BatchStatus.EXECUTING).orElse(true)) {
                batch.update("delete from shedlock where name = ?", lockName(batchId));
            }
        } catch (RuntimeException e) {
            // The lease runs out by itself; the next resume finds the batch as it is.
            LOG.warn("Destruction batch {}: its lock could not be released", batchId, e);
        }
    }

    private void execute(UUID batchId, int maxChunks, int chunkSize) {
        var previous = SecurityContextHolder.getContext();
        try {
            var context = SecurityContextHolder.createEmptyContext();
            Actor.Source system = () -> Actor.system(JOB);
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(system, null, List.of()));
            SecurityContextHolder.setContext(context);
            for (int chunk = 0; chunk < maxChunks; chunk++) {
                Boolean more = transactions.execute(status -> chunk(batchId, chunkSize));
                if (!Boolean.TRUE.equals(more)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // Nothing of the chunk committed; the periodic check tries again. Ids only in the message.
            LOG.error("Destruction batch {} stopped; it resumes on the next check", batchId, e);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** One chunk; false when the batch is finished or not executing. */
    private boolean chunk(UUID batchId, int chunkSize) {
        DestructionBatch locked = repository.lock(batchId).orElse(null);
        if (locked == null || locked.status() != BatchStatus.EXECUTING) {
            return false;
        }
        List<DestructionRepository.Item> items = repository.pending(batchId, chunkSize);
        if (items.isEmpty()) {
            finish(locked);
            return false;
        }
        Set<UUID> ids = new LinkedHashSet<>();
        items.forEach(i -> ids.add(i.customerId()));
        Set<UUID> held = new LinkedHashSet<>();
        holds.activeOn(ids).forEach(h -> held.add(h.customerId()));
        List<UUID> erasable = ids.stream().filter(id -> !held.contains(id)).toList();
        // Facts kept, customers erased and taken off the due list, as a replay of the journal does too.
        Shredder.Shredded shredded = shredder.shred(erasable, batchId);
        Set<UUID> erased = shredded.erased();
        Map<UUID, LocalDate> keptUntil = shredded.keptUntil();
        Map<UUID, String> outcomes = new LinkedHashMap<>();
        for (UUID id : ids) {
            outcomes.put(id, held.contains(id) ? "HELD" : erased.contains(id) ? "DESTROYED" : "GONE");
        }
        repository.outcomes(batchId, outcomes, keptUntil.keySet());
        // What a customer who asked for deletion is told: until when the law keeps their business facts.
        batch.batchUpdate("update deletion_request set kept_until = ? where batch_id = ? and customer_id = ?",
                keptUntil.entrySet().stream().map(e -> new Object[] {Date.valueOf(e.getValue()), batchId, e.getKey()})
                        .toList());
        return true;
    }

    private void finish(DestructionBatch locked) {
        DestructionRepository.Counts counts = repository.counts(locked.id());
        String digest = digest(locked);
        repository.update(locked.id(), locked.version(), "status = 'DONE', executed_at = ?, destroyed_count = ?, "
                + "skipped_count = ?, facts_kept_count = ?, digest = ?",
                DestructionRepository.ts(clock.instant().truncatedTo(ChronoUnit.MICROS)), counts.destroyed(),
                counts.skipped(), counts.factsKept(), digest);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("number", locked.number());
        details.put("destroyed", counts.destroyed());
        details.put("skipped", counts.skipped());
        details.put("factsKept", counts.factsKept());
        details.put("digest", digest);
        audit.bySystem("retention.batch.executed", RetentionAudit.BATCH, locked.id(), details, JOB);
        certificates.issue(repository.find(locked.id()).orElseThrow());
        events.publishEvent(new DestructionBatchClosed(locked.id(), BatchStatus.DONE));
    }

    /**
     * SHA-256 over the batch's number and, in order, each customer id with its outcome: the record
     * and the certificate name it, so a list kept elsewhere can be checked against them.
     */
    private String digest(DestructionBatch locked) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((locked.number() + "\n").getBytes(StandardCharsets.UTF_8));
            int offset = 0;
            while (true) {
                List<DestructionRepository.Item> page = repository.items(locked.id(), offset, 5000);
                for (DestructionRepository.Item item : page) {
                    sha.update((item.customerId() + ":" + item.outcome() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (page.size() < 5000) {
                    break;
                }
                offset += page.size();
            }
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
