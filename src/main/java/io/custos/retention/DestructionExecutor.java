package io.custos.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.customer.CustomerActivity;
import io.custos.customer.CustomerErasure;
import io.custos.shared.Actor;
import io.custos.shared.web.Times;

/**
 * Executes started batches (issue 16.3, R-DEL-2) in chunks of {@code custos.retention.chunk-size}
 * customers, each chunk one transaction that locks the batch row (so chunks of one batch never run
 * at once, on any node): held customers are left (HELD); for each legal minimum, the L1 facts it
 * names of customers whose last transaction is within its period are copied without any link to
 * the person; the rest are erased (data key destroyed, values, flags and consent evidence deleted)
 * and their items marked. A crash between chunks loses nothing: the next start of any node, or the
 * periodic check, finds the batch EXECUTING and carries on where the committed items end. When no
 * item is left the batch is DONE with its counts and digest.
 */
@Component
class DestructionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(DestructionExecutor.class);
    static final String JOB = "retention-destruction";

    private final DestructionRepository repository;
    private final CustomerErasure erasure;
    private final LegalHolds holds;
    private final RetentionRules rules;
    private final RetentionProperties properties;
    private final RetentionAudit audit;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;
    private final ExecutorService executor;
    private final ApplicationEventPublisher events;
    private final Times times;
    private final Clock clock;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final BatchCertificates certificates;
    private final CustomerActivity activity;

    DestructionExecutor(CustomerActivity activity, BatchCertificates certificates, DestructionRepository repository, CustomerErasure erasure, LegalHolds holds,
            RetentionRules rules, RetentionProperties properties, RetentionAudit audit, JdbcClient jdbc,
            JdbcTemplate batch, TransactionTemplate transactions,
            ApplicationEventPublisher events, Times times, Clock clock) {
        this.activity = activity;
        this.certificates = certificates;
        this.repository = repository;
        this.erasure = erasure;
        this.holds = holds;
        this.rules = rules;
        this.properties = properties;
        this.audit = audit;
        this.jdbc = jdbc;
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
        this.times = times;
        this.clock = clock;
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
    }

    /** Runs a batch to its end on this thread; a second call while it runs here does nothing. */
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
            running.remove(batchId);
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
        LocalDate today = LocalDate.ofInstant(clock.instant(), times.companyZone());
        Map<UUID, LocalDate> keptUntil = keepFacts(erasable, today);
        Set<UUID> erased = erasure.erase(erasable, batchId);
        Map<UUID, String> outcomes = new LinkedHashMap<>();
        for (UUID id : ids) {
            outcomes.put(id, held.contains(id) ? "HELD" : erased.contains(id) ? "DESTROYED" : "GONE");
        }
        keptUntil.keySet().retainAll(erased);
        // Gone from the due list at once, not at the next sweep.
        if (!erased.isEmpty()) {
            jdbc.sql("delete from retention_due where customer_id in (" + DestructionRepository.marks(erased.size())
                    + ")").params(List.copyOf(erased)).update();
        }
        repository.outcomes(batchId, outcomes, keptUntil.keySet());
        // What a customer who asked for deletion is told: until when the law keeps their business facts.
        batch.batchUpdate("update deletion_request set kept_until = ? where batch_id = ? and customer_id = ?",
                keptUntil.entrySet().stream().map(e -> new Object[] {Date.valueOf(e.getValue()), batchId, e.getKey()})
                        .toList());
        return true;
    }

    /**
     * For each legal minimum in force, copies the L1 facts it names of the customers whose last
     * transaction is within its period: a new random id, the rule, the day and the end of the period,
     * nothing that leads back to the customer or the batch.
     */
    private Map<UUID, LocalDate> keepFacts(List<UUID> customerIds, LocalDate today) {
        Map<UUID, LocalDate> kept = new LinkedHashMap<>();
        if (customerIds.isEmpty()) {
            return kept;
        }
        List<RetentionRule> minimums = rules.inForce().rules().stream().filter(r -> r.kind() == RuleKind.LEGAL_MINIMUM)
                .toList();
        if (minimums.isEmpty()) {
            return kept;
        }
        Map<UUID, LocalDate> lastTransaction = new HashMap<>();
        for (CustomerActivity.Activity a : activity.of(customerIds)) {
            if (a.lastTransactionOn() != null) {
                lastTransaction.put(a.customerId(), a.lastTransactionOn());
            }
        }
        List<Object[]> records = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        for (RetentionRule minimum : minimums) {
            Map<UUID, LocalDate> until = new LinkedHashMap<>();
            lastTransaction.forEach((id, date) -> {
                LocalDate end = minimum.dueOn(date);
                if (!end.isBefore(today)) {
                    until.put(id, end);
                }
            });
            if (until.isEmpty()) {
                continue;
            }
            Map<UUID, Map<String, String>> facts = erasure.businessFacts(until.keySet(), minimum.fields());
            List<UUID> shuffled = new ArrayList<>(until.keySet());
            // Stored in no order that follows the batch's: row order must not lead back to a customer either.
            Collections.shuffle(shuffled);
            for (UUID customer : shuffled) {
                Map<String, String> of = facts.getOrDefault(customer, Map.of());
                if (of.isEmpty()) {
                    continue;
                }
                UUID record = UUID.randomUUID();
                records.add(new Object[] {record, minimum.code(), Date.valueOf(today), Date.valueOf(until.get(customer))});
                of.forEach((field, value) -> values.add(new Object[] {record, field, value}));
                kept.merge(customer, until.get(customer), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        batch.batchUpdate("insert into retained_fact_record (id, rule_code, kept_since, keep_until) values (?, ?, ?, ?)",
                records);
        batch.batchUpdate("insert into retained_fact_value (record_id, field_key, field_value) values (?, ?, ?)", values);
        return kept;
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
