package io.custos.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditChainCheck;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditVerification;
import io.custos.identity.CustosUser;
import io.custos.keys.MasterKeyProvider;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Restore drills (issue 17.4, R-STO-3): monthly on the schedule (one node only) and on demand by a
 * system administrator, the newest complete backup is restored into a scratch database of the
 * application's own engine (see {@link DrillDatabase}), every table's row count is compared with the
 * backup's manifest, the schema is brought up to this version, and the audit chain is verified
 * there with this installation's keys (and must reach the heads the manifest names). The scratch
 * database is removed afterwards, whatever happened. Each drill is recorded in {@code backup_drill}
 * and audited; {@link #lastSuccessfulDrill()} is what the compliance view shows.
 */
@Service
public class RestoreDrills implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RestoreDrills.class);
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    static final String NO_BACKUP = "NO_BACKUP";
    static final String ROWS_DIFFER = "ROWS_DIFFER";
    static final String AUDIT_CHAIN_BROKEN = "AUDIT_CHAIN_BROKEN";

    private final DataSource dataSource;
    private final MasterKeyProvider master;
    private final Backups backups;
    private final BackupProperties properties;
    private final BackupRepository repository;
    private final BackupAudit audit;
    private final BackupLocks locks;
    private final AuditChainCheck chains;
    private final TransactionTemplate transactions;
    private final Times times;
    private final Clock clock;
    private final SimpleAsyncTaskExecutor jobs;

    RestoreDrills(DataSource dataSource, MasterKeyProvider master, Backups backups, BackupProperties properties,
            BackupRepository repository, BackupAudit audit, BackupLocks locks, AuditChainCheck chains,
            TransactionTemplate transactions, Times times, Clock clock) {
        this.dataSource = dataSource;
        this.master = master;
        this.backups = backups;
        this.properties = properties;
        this.repository = repository;
        this.audit = audit;
        this.locks = locks;
        this.chains = chains;
        this.transactions = transactions;
        this.times = times;
        this.clock = clock;
        this.jobs = new SimpleAsyncTaskExecutor("custos-drill-");
        this.jobs.setDaemon(true);
        this.jobs.setTaskTerminationTimeout(10_000);
    }

    /**
     * Starts a drill now and returns its record, RUNNING; it goes on on a thread of its own.
     *
     * @throws DomainException 403 {@code backup-not-allowed}; 409 {@code backup-drill-running} while a
     *         drill runs on any node
     */
    public RestoreDrill start(CustosUser by) {
        Backups.requireRun(by);
        CompletableFuture<RestoreDrill> started = new CompletableFuture<>();
        jobs.execute(() -> drill(BackupTrigger.MANUAL, by.id(), by.actor(), started));
        return Backups.await(started, "backup-drill-running");
    }

    // On every node, no @SchedulerLock: scheduled() takes BackupLocks.DRILL_SCHEDULE on the same table itself.
    @Scheduled(cron = "${custos.backup.drill-schedule:0 0 4 1 * *}", zone = "${custos.time.zone:Asia/Shanghai}")
    void onSchedule() {
        scheduled();
    }

    /** The scheduled drill, on the node that takes the schedule's lock first. */
    Optional<Future<Optional<RestoreDrill>>> scheduled() {
        AtomicReference<Future<Optional<RestoreDrill>>> job = new AtomicReference<>();
        boolean mine = locks.runAlone(BackupLocks.DRILL_SCHEDULE, BackupLocks.SCHEDULE_SLOT, BackupLocks.SCHEDULE_SLOT,
                () -> job.set(jobs.submit(() -> drill(BackupTrigger.SCHEDULED, null, BackupAudit.DRILL_SCHEDULE,
                        new CompletableFuture<>()))));
        if (!mine) {
            log.info("The scheduled restore drill runs on another node");
        }
        return Optional.ofNullable(job.get());
    }

    /**
     * Runs a drill in this thread under the drill lock, recording it from start to end.
     *
     * @return the final record; empty when another drill held the lock
     */
    Optional<RestoreDrill> drill(BackupTrigger trigger, @Nullable UUID by, Actor actor,
            CompletableFuture<RestoreDrill> started) {
        AtomicReference<RestoreDrill> result = new AtomicReference<>();
        boolean ran;
        try {
            ran = locks.runAlone(BackupLocks.DRILL, properties.maxDuration(), Duration.ZERO, () -> {
                closeInterrupted();
                Optional<BackupRecord> backup = backups.newestDone();
                UUID id = UUID.randomUUID();
                repository.insertDrill(id, backup.map(BackupRecord::id).orElse(null), trigger, by, now());
                started.complete(repository.findDrill(id).orElseThrow());
                long began = System.nanoTime();
                Outcome outcome = backup.map(b -> restoreAndCheck(id, b)).orElseGet(() -> Outcome.failed(NO_BACKUP));
                long tookMs = Duration.ofNanos(System.nanoTime() - began).toMillis();
                finish(id, backup.map(BackupRecord::id).orElse(null), outcome, tookMs, actor);
                result.set(repository.findDrill(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            log.error("A restore drill could not be started or recorded", e);
            started.completeExceptionally(e);
            return Optional.empty();
        }
        if (!ran) {
            started.completeExceptionally(DomainException.conflict("backup-drill-running"));
            return Optional.empty();
        }
        return Optional.ofNullable(result.get());
    }

    /** What a drill found. */
    private record Outcome(boolean passed, @Nullable String database, @Nullable Long rows, @Nullable Integer tables,
            @Nullable String problem) {
        static Outcome failed(String problem) {
            return new Outcome(false, null, null, null, problem);
        }
    }

    private Outcome restoreAndCheck(UUID drill, BackupRecord backup) {
        String database = null;
        try {
            Path folder = backups.folders().of(java.util.Objects.requireNonNull(backup.folder()));
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            repository.recordScratch(drill, token);
            try (DrillDatabase scratch = DrillDatabase.create(dataSource, properties.drillFolder(), token)) {
                database = scratch.productName();
                BackupRestorer.Restored restored = BackupRestorer.restore(folder, master, scratch.dataSource(),
                        new BackupRestorer.Options(false, null, false));
                Manifest manifest = restored.manifest();
                String differs = rowsDiffer(scratch.dataSource(), manifest);
                if (differs != null) {
                    log.warn("Restore drill {}: table {} does not hold the rows the manifest of {} counts", drill,
                            differs, backup.folder());
                    return new Outcome(false, database, restored.rows(), manifest.tables().size(), ROWS_DIFFER);
                }
                // A real restore brings the schema up to this version: so does the drill.
                DatabaseSchema.flyway(scratch.dataSource(), scratch.vendor(), null).migrate();
                String broken = chainProblem(scratch.dataSource(), manifest);
                if (broken != null) {
                    log.warn("Restore drill {}: the audit chain of {} does not verify after the restore: {}", drill,
                            backup.folder(), broken);
                    return new Outcome(false, database, restored.rows(), manifest.tables().size(), AUDIT_CHAIN_BROKEN);
                }
                log.info("Restore drill {} passed: {} restored into a scratch {} database, {} rows", drill,
                        backup.folder(), database, restored.rows());
                return new Outcome(true, database, restored.rows(), manifest.tables().size(), null);
            }
        } catch (BackupException e) {
            log.warn("Restore drill {} failed ({}): {}", drill, e.problem(), e.getMessage());
            return new Outcome(false, database, null, null, e.problem().name());
        } catch (SQLException | FlywayException e) {
            log.warn("Restore drill {} failed in the scratch database: {}", drill, e.getMessage());
            return new Outcome(false, database, null, null, BackupException.Problem.DATABASE.name());
        } catch (RuntimeException e) {
            log.error("Restore drill {} failed", drill, e);
            return new Outcome(false, database, null, null, Backups.UNEXPECTED);
        }
    }

    /** The first table whose row count is not the manifest's, or null when every one matches. */
    private static @Nullable String rowsDiffer(DataSource scratch, Manifest manifest) throws SQLException {
        try (Connection connection = scratch.getConnection()) {
            Map<String, String> tables = DatabaseSchema.tables(connection);
            for (Manifest.Table table : manifest.tables()) {
                String spelled = tables.get(table.name());
                if (spelled == null) {
                    return table.name();
                }
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("select count(*) from " + DatabaseSchema.quote(spelled))) {
                    rs.next();
                    if (rs.getLong(1) != table.rows()) {
                        return table.name();
                    }
                }
            }
        }
        return null;
    }

    /** What is wrong with the restored audit chain, or null when it verifies and reaches the manifest's heads. */
    private @Nullable String chainProblem(DataSource scratch, Manifest manifest) throws SQLException {
        AuditVerification verification;
        try (Connection connection = scratch.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                verification = chains.verify(connection);
            } finally {
                connection.rollback();
            }
        }
        if (!verification.valid()) {
            AuditVerification.Problem first = verification.problems().get(0);
            return "chain " + first.chain() + " " + first.kind() + " at seq " + first.seq();
        }
        for (Manifest.ChainHead head : manifest.chains()) {
            long reached = verification.chains().stream().filter(c -> c.chain().equals(head.chain()))
                    .mapToLong(AuditVerification.Chain::lastSeq).findFirst().orElse(0);
            if (reached != head.lastSeq()) {
                return "chain " + head.chain() + " ends at seq " + reached + ", the manifest says " + head.lastSeq();
            }
        }
        return null;
    }

    private void finish(UUID id, @Nullable UUID backup, Outcome outcome, long tookMs, Actor actor) {
        transactions.executeWithoutResult(status -> {
            repository.finishDrill(id, outcome.passed() ? DrillStatus.PASSED : DrillStatus.FAILED, outcome.database(),
                    outcome.rows(), outcome.tables(), tookMs, outcome.problem(), now());
            Map<String, Object> details = new LinkedHashMap<>();
            if (backup != null) {
                details.put("backup", backup);
            }
            if (outcome.database() != null) {
                details.put("database", outcome.database());
            }
            if (outcome.rows() != null) {
                details.put("rows", BackupAudit.count(outcome.rows()));
            }
            if (outcome.tables() != null) {
                details.put("tables", outcome.tables());
            }
            details.put("tookMs", BackupAudit.count(tookMs));
            if (outcome.problem() != null) {
                details.put("problem", outcome.problem());
            }
            audit.record(outcome.passed() ? "backup.drill.passed" : "backup.drill.failed",
                    outcome.passed() ? AuditOutcome.ALLOWED : AuditOutcome.FAILED, BackupAudit.DRILL, id, actor, details);
        });
    }

    /** Drills a stopped node left RUNNING, and their scratch databases; only the lock's holder calls this. */
    private void closeInterrupted() {
        for (UUID id : repository.runningDrills()) {
            RestoreDrill drill = repository.findDrill(id).orElseThrow();
            repository.scratchOf(id).ifPresent(token ->
                    DrillDatabase.removeLeftover(dataSource, properties.drillFolder(), token));
            finish(id, drill.backupId(), Outcome.failed(Backups.INTERRUPTED), 0, BackupAudit.CLEANUP);
        }
    }

    // --- reading -----------------------------------------------------------------------------

    /** The newest {@link Backups#LIST_LIMIT} drills, newest first. */
    public List<RestoreDrill> list(CustosUser by) {
        Backups.requireRead(by);
        return repository.drills(Backups.LIST_LIMIT);
    }

    /** The newest drill that finished (passed or failed). */
    public Optional<RestoreDrill> lastFinished(CustosUser by) {
        Backups.requireRead(by);
        return repository.lastFinishedDrill();
    }

    /**
     * The newest drill that passed: what the compliance view shows as the proof that backups
     * restore. Not restricted: it names no data and no person.
     */
    public Optional<RestoreDrill> lastSuccessfulDrill() {
        return repository.lastPassedDrill();
    }

    /** When the next scheduled drill starts; null when the schedule names no future time. */
    public @Nullable Instant nextScheduled() {
        return Backups.next(properties.drillSchedule(), times, clock);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void destroy() {
        jobs.close();
    }
}
