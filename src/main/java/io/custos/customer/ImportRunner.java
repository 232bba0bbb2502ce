package io.custos.customer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import io.custos.audit.AuditOutcome;
import io.custos.consent.ConsentGrant;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.shared.Actor;

/**
 * Runs imports in the background on a small bounded pool of its own, with their progress in
 * {@code customer_import}. All or nothing: every row is checked first; only a file without invalid
 * rows is then written, in one transaction. Skip invalid: rows are checked and the valid ones written
 * chunk by chunk, each chunk with its progress in a transaction of its own, so a crash loses at most
 * the chunk in hand and the row says up to which row the file was imported. An import that was
 * queued or running when this node stopped is marked failed when it starts again.
 */
@Component
class ImportRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    static final String INVALID_ROWS = "invalid-rows";
    static final String INTERRUPTED = "interrupted";
    static final String ERROR = "error";

    private final ImportRepository imports;
    private final ImportWriter writer;
    private final CollectionRules rules;
    private final CustomerAudit audit;
    private final ImportProperties properties;
    private final TransactionTemplate transaction;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final String node;
    private final ThreadPoolExecutor executor;
    private volatile boolean stopping;

    ImportRunner(ImportRepository imports, ImportWriter writer, CollectionRules rules, CustomerAudit audit,
            ImportProperties properties, PlatformTransactionManager transactions, Clock clock,
            // The node's name: the audit chain of each node is named for it already.
            @Value("${custos.audit.chain:node-1}") String node) {
        this.imports = imports;
        this.writer = writer;
        this.rules = rules;
        this.audit = audit;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.node = node;
        BlockingQueue<Runnable> queue = properties.queueCapacity() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(properties.queueCapacity());
        AtomicInteger threads = new AtomicInteger();
        // Not a bean: Boot's own task executor, and what uses it, stay as they are.
        this.executor = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0,
                TimeUnit.MILLISECONDS, queue, runnable -> {
                    Thread thread = new Thread(runnable, "customer-import-" + threads.incrementAndGet());
                    thread.setDaemon(false);
                    return thread;
                });
    }

    /**
     * What one import needs: the file (sealed on disk), where each column goes, who asked, and the
     * slot it holds until it ends.
     */
    /**
     * @param dateColumns column index → {@link CustomerImport#LAST_CONTACT_COLUMN} or
     *        {@link CustomerImport#LAST_TRANSACTION_COLUMN}
     * @param today the importer's today: a later activity date is a row problem
     */
    record Job(UUID id, ImportStaging.Taken file, Map<Integer, FieldDefinition> columns,
            @Nullable Integer ownerColumn, ConsentGrant consent, CustosUser by, EmployeeView importer,
            ImportSlots.Slot slot, Map<Integer, String> dateColumns, java.time.LocalDate today) {
        @Override
        public String toString() {
            return "Job[" + id + "]";
        }
    }

    String node() {
        return node;
    }

    /** @return false when the queue is full; otherwise the job deletes its file and frees its slot when it ends */
    boolean submit(Job job) {
        try {
            executor.execute(() -> {
                try {
                    run(job);
                } finally {
                    job.file().file().close();
                    job.slot().release();
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /**
     * Runs as the person who started the import, so that whatever the job calls sees them as the
     * actor (the consent ledger records its events for the signed-in person).
     */
    void run(Job job) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(job.by(), null,
                job.by().roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
        SecurityContextHolder.setContext(context);
        try {
            runAsRequester(job);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void runAsRequester(Job job) {
        Progress committed = Progress.NONE;
        try {
            if (stopping) {
                throw new Stopped(committed);
            }
            imports.running(job.id(), clock.instant());
            if (job.file().mode() == ImportMode.ALL_OR_NOTHING) {
                allOrNothing(job);
            } else {
                skipInvalid(job);
            }
        } catch (Stopped stopped) {
            fail(job, INTERRUPTED, stopped.committed);
        } catch (RuntimeException e) {
            // The class only: a database or parser message may quote a value.
            log.error("Customer import {} failed: {}", job.id(), e instanceof Failed ? e.getMessage()
                    : e.getClass().getName());
            fail(job, ERROR, e instanceof Failed failed ? failed.committed : committed);
        }
    }

    /** Checks every row; writes only a file without invalid rows, in one transaction. */
    private void allOrNothing(Job job) {
        ImportCheck check = check(job);
        ImportReport report = new ImportReport();
        int[] rows = {0, 0};
        read(job, row -> {
            List<ImportReport.Problem> problems = check.check(row).problems();
            rows[0]++;
            if (!problems.isEmpty()) {
                rows[1]++;
                problems.forEach(report::add);
            }
            if (rows[0] % properties.chunkSize() == 0 && stopping) {
                throw new Stopped(Progress.NONE);
            }
        });
        if (report.count() > 0) {
            fail(job, INVALID_ROWS, Progress.of(rows[0], 0, rows[1], null, report));
            return;
        }
        // Progress is reported from transactions of their own; the rows commit together at the end.
        transaction.executeWithoutResult(status -> {
            List<ImportCheck.Valid> chunk = new ArrayList<>();
            int[] written = {0, 0};
            read(job, row -> {
                written[1] = row.number();
                ImportCheck.Valid valid = check.check(row).valid();
                if (valid == null) {
                    // Changed since the first pass (an owner left, say): nothing is written.
                    throw new Failed(Progress.NONE);
                }
                chunk.add(valid);
                if (chunk.size() == properties.chunkSize()) {
                    written[0] += writer.write(chunk, job.id(), job.consent(), job.by());
                    chunk.clear();
                    int processed = written[0];
                    ownTransaction.executeWithoutResult(s -> imports.processed(job.id(), processed));
                    if (stopping) {
                        throw new Stopped(Progress.NONE);
                    }
                }
            });
            written[0] += writer.write(chunk, job.id(), job.consent(), job.by());
            finish(job, Progress.of(written[0], written[0], 0, written[1], report));
        });
    }

    /** Checks and writes chunk by chunk, each chunk and its progress in a transaction of its own. */
    private void skipInvalid(Job job) {
        ImportCheck check = check(job);
        ImportReport report = new ImportReport();
        List<ImportCheck.Valid> chunk = new ArrayList<>();
        Progress[] committed = {Progress.NONE};
        // rows handled, rows skipped, number of the last row handled
        int[] handled = {0, 0, 0};
        read(job, row -> {
            ImportCheck.Outcome outcome = check.check(row);
            handled[0]++;
            handled[2] = row.number();
            if (outcome.valid() == null) {
                handled[1]++;
                outcome.problems().forEach(report::add);
            } else {
                chunk.add(outcome.valid());
            }
            if (handled[0] % properties.chunkSize() == 0) {
                committed[0] = commit(job, chunk, committed[0], () -> Progress.of(handled[0], 0, handled[1],
                        handled[2], report), false);
                chunk.clear();
                if (stopping) {
                    throw new Stopped(committed[0]);
                }
            }
        });
        commit(job, chunk, committed[0], () -> Progress.of(handled[0], 0, handled[1],
                handled[0] == 0 ? null : handled[2], report), true);
    }

    /** Writes a chunk with its progress (the last one also finishes the import); what it commits is the answer. */
    private Progress commit(Job job, List<ImportCheck.Valid> chunk, Progress before,
            java.util.function.Supplier<Progress> after, boolean last) {
        try {
            return transaction.execute(status -> {
                int created = before.created() + writer.write(chunk, job.id(), job.consent(), job.by());
                Progress progress = after.get().created(created);
                if (last) {
                    finish(job, progress);
                } else {
                    imports.progress(job.id(), progress.stored());
                }
                return progress;
            });
        } catch (RuntimeException e) {
            throw new Failed(before, e);
        }
    }

    private void finish(Job job, Progress progress) {
        imports.finished(job.id(), ImportRepository.Status.DONE, null, progress.stored(), clock.instant());
        audit.importBy(job.by().actor(), "customer.records.imported", AuditOutcome.ALLOWED, job.id(),
                summary(job, progress));
    }

    /** Records the failure, with what was committed before it, in a transaction of its own. */
    private void fail(Job job, String failure, Progress progress) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                imports.finished(job.id(), ImportRepository.Status.FAILED, failure, progress.stored(),
                        clock.instant());
                Map<String, Object> details = new java.util.LinkedHashMap<>(summary(job, progress));
                details.put("failure", failure);
                audit.importBy(job.by().actor(), "customer.records.imported", AuditOutcome.FAILED, job.id(), details);
            });
        } catch (RuntimeException e) {
            log.error("Customer import {} could not be marked failed ({}); it is at the next start",
                    job.id(), e.getClass().getName());
        }
    }

    private static Map<String, Object> summary(Job job, Progress progress) {
        return Map.of("format", job.file().format(), "mode", job.file().mode(), "created", progress.created(),
                "skipped", progress.skipped(), "importId", job.id());
    }

    /**
     * At start, an import this node had queued or running is failed: its file was only in memory.
     * A skip-invalid import keeps the chunks it committed, and its row says up to which row.
     */
    @EventListener(ApplicationReadyEvent.class)
    void failInterrupted() {
        ownTransaction.executeWithoutResult(status -> {
            for (UUID id : imports.failUnfinished(node, clock.instant())) {
                ImportRepository.ImportRow row = imports.find(id).orElseThrow();
                audit.importBy(Actor.system("customer-import"), "customer.records.imported", AuditOutcome.FAILED, id,
                        Map.of("format", row.format(), "mode", row.mode(), "created", row.created(), "skipped",
                                row.skipped(), "importId", id, "failure", INTERRUPTED, "requestedBy",
                                row.requestedBy()));
            }
        });
    }

    /** Queued imports fail at once; a running one stops after its chunk in hand. */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
            log.warn("A customer import was still running at shutdown; it is marked failed at the next start");
        }
    }

    private ImportCheck check(Job job) {
        return new ImportCheck(job.columns(), job.ownerColumn(), rules, job.by(), job.importer(), job.dateColumns(),
                job.today());
    }

    /** The data rows of the job's file: the heading row is passed over. */
    private static void read(Job job, ImportFile.RowHandler handler) {
        boolean[] heading = {true};
        ImportFile.read(job.file().file()::read, job.file().format(), job.file().charset(), row -> {
            if (heading[0]) {
                heading[0] = false;
                return;
            }
            handler.row(row);
        });
    }

    /** Counts and report as committed (or about to be): a snapshot, so later rows do not change it. */
    private record Progress(int processed, int created, int skipped, @Nullable Integer committedRow, String report,
            int reportCount) {

        static final Progress NONE = new Progress(0, 0, 0, null, "[]", 0);

        static Progress of(int processed, int created, int skipped, @Nullable Integer committedRow,
                ImportReport report) {
            return new Progress(processed, created, skipped, committedRow, report.json(), report.count());
        }

        Progress created(int count) {
            return new Progress(processed, count, skipped, committedRow, report, reportCount);
        }

        ImportRepository.Progress stored() {
            return new ImportRepository.Progress(processed, created, skipped, committedRow, report, reportCount);
        }
    }

    /** The node is stopping: the import ends here, keeping what it committed. */
    private static final class Stopped extends RuntimeException {
        private final transient Progress committed;

        Stopped(Progress committed) {
            super(null, null, false, false);
            this.committed = committed;
        }
    }

    /** Writing failed; {@code committed} is what earlier chunks made durable. */
    private static final class Failed extends RuntimeException {
        private final transient Progress committed;

        Failed(Progress committed) {
            super(null, null, false, false);
            this.committed = committed;
        }

        /** Keeps the cause's class only: its message may quote a value. */
        Failed(Progress committed, Throwable cause) {
            super(cause.getClass().getName(), null, false, false);
            this.committed = committed;
        }
    }
}
