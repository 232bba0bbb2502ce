package io.custos.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.keys.MasterKeyProvider;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Backups the application makes (issue 17.1, 17.2, 17.5; R-STO-3): daily on the schedule, on one
 * node only, and on demand by a system administrator; each recorded in {@code backup_record} and
 * audited. A backup is written on a thread of its own, so neither the scheduler (which also seals
 * the audit log) nor a request waits for it; two never run at once on any node (409
 * {@code backup-running}). After each scheduled backup the retention of backups deletes what
 * {@code keep-daily} and {@code keep-monthly} do not keep. Verification reads a backup's every file
 * on demand and records the result.
 * <p>
 * System administrators run backups, verifications and drills; security administrators and
 * auditors read the records. Nothing here hands out a backup's files.
 */
@Service
public class Backups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    /** The records a list shows, newest first. */
    public static final int LIST_LIMIT = 100;
    /** How long a request waits to learn whether its backup could start (it waits for the lock only). */
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    static final String INTERRUPTED = "INTERRUPTED";
    static final String UNEXPECTED = "UNEXPECTED";

    private final BackupWriter writer;
    private final MasterKeyProvider master;
    private final BackupProperties properties;
    private final BackupFolders folders;
    private final BackupRepository repository;
    private final BackupAudit audit;
    private final BackupLocks locks;
    private final TransactionTemplate transactions;
    private final Times times;
    private final Clock clock;
    private final SimpleAsyncTaskExecutor jobs;

    Backups(DataSource dataSource, MasterKeyProvider master, BackupProperties properties, BackupRepository repository,
            BackupAudit audit, BackupLocks locks, TransactionTemplate transactions, Times times, Clock clock) {
        this.writer = new BackupWriter(dataSource, master, clock);
        this.master = master;
        this.properties = properties;
        this.folders = new BackupFolders(properties.directory());
        this.repository = repository;
        this.audit = audit;
        this.locks = locks;
        this.transactions = transactions;
        this.times = times;
        this.clock = clock;
        this.jobs = new SimpleAsyncTaskExecutor("custos-backup-");
        this.jobs.setDaemon(true);
        this.jobs.setTaskTerminationTimeout(10_000);
    }

    // --- who may do what ---------------------------------------------------------------------

    /** System administrators make backups, verify them and run restore drills. */
    public static boolean mayRun(CustosUser user) {
        return user.hasRole(Role.SYSTEM_ADMIN);
    }

    /** System and security administrators and auditors read the records of backups and drills. */
    public static boolean mayRead(CustosUser user) {
        return user.hasAnyRole(List.of(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR));
    }

    static void requireRun(CustosUser user) {
        if (!mayRun(user)) {
            throw new DomainException("backup-not-allowed", HttpStatus.FORBIDDEN);
        }
    }

    static void requireRead(CustosUser user) {
        if (!mayRead(user)) {
            throw new DomainException("backup-not-allowed", HttpStatus.FORBIDDEN);
        }
    }

    // --- making backups ----------------------------------------------------------------------

    /**
     * Starts a backup now and returns its record, RUNNING; it goes on on a thread of its own.
     *
     * @throws DomainException 403 {@code backup-not-allowed}; 409 {@code backup-running} while a backup
     *         runs on any node
     */
    public BackupRecord start(CustosUser by) {
        requireRun(by);
        CompletableFuture<BackupRecord> started = new CompletableFuture<>();
        jobs.execute(() -> backUp(BackupTrigger.MANUAL, by.id(), by.actor(), false, started));
        return await(started, "backup-running");
    }

    // On every node, no @SchedulerLock: scheduled() takes BackupLocks.BACKUP_SCHEDULE on the same table itself.
    @Scheduled(cron = "${custos.backup.schedule:0 30 2 * * *}", zone = "${custos.time.zone:Asia/Shanghai}")
    void onSchedule() {
        scheduled();
    }

    /**
     * The scheduled backup: on the node that takes the schedule's lock first (the others skip it),
     * on a thread of its own, followed by the retention of backups.
     *
     * @return the backup's final record, once done; empty when another node took this run
     */
    Optional<Future<Optional<BackupRecord>>> scheduled() {
        AtomicReference<Future<Optional<BackupRecord>>> job = new AtomicReference<>();
        boolean mine = locks.runAlone(BackupLocks.BACKUP_SCHEDULE, BackupLocks.SCHEDULE_SLOT, BackupLocks.SCHEDULE_SLOT,
                () -> job.set(jobs.submit(() -> backUp(BackupTrigger.SCHEDULED, null, BackupAudit.SCHEDULE, true,
                        new CompletableFuture<>()))));
        if (!mine) {
            log.info("The scheduled backup runs on another node");
        }
        return Optional.ofNullable(job.get());
    }

    /**
     * Makes a backup in this thread under the backup lock, recording it from start to end.
     *
     * @param started completed with the RUNNING record as soon as there is one, or exceptionally
     *        (409 {@code backup-running} when the lock is taken)
     * @return the final record; empty when another backup held the lock
     */
    Optional<BackupRecord> backUp(BackupTrigger trigger, @Nullable UUID by, Actor actor, boolean prune,
            CompletableFuture<BackupRecord> started) {
        AtomicReference<BackupRecord> result = new AtomicReference<>();
        boolean ran;
        try {
            ran = locks.runAlone(BackupLocks.BACKUP, properties.maxDuration(), Duration.ZERO, () -> {
                closeInterrupted();
                UUID id = UUID.randomUUID();
                repository.insertRunning(id, trigger, by, now());
                started.complete(repository.find(id).orElseThrow());
                BackupRecord finished = write(id, trigger, actor);
                result.set(finished);
                if (prune && finished.status() == BackupStatus.DONE) {
                    try {
                        prune(actor);
                    } catch (RuntimeException e) {
                        log.error("The retention of backups failed after backup {}", id, e);
                    }
                }
            });
        } catch (RuntimeException e) {
            log.error("A backup could not be started or recorded", e);
            started.completeExceptionally(e);
            return Optional.empty();
        }
        if (!ran) {
            log.info("A backup ({}) was not started: another is running", trigger);
            started.completeExceptionally(DomainException.conflict("backup-running"));
            return Optional.empty();
        }
        return Optional.ofNullable(result.get());
    }

    private BackupRecord write(UUID id, BackupTrigger trigger, Actor actor) {
        try {
            BackupWriter.Written written = writer.write(folders.directory());
            Manifest manifest = written.manifest();
            String folder = written.folder().getFileName().toString();
            try {
                transactions.executeWithoutResult(status -> {
                    repository.markDone(id, folder, manifest, now());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("trigger", trigger);
                    details.put("folder", folder);
                    details.put("tables", manifest.tables().size());
                    details.put("rows", BackupAudit.count(manifest.rows()));
                    details.put("kilobytes", BackupAudit.kilobytes(manifest.bytes()));
                    details.put("schemaVersion", BackupAudit.version(manifest.schemaVersion()));
                    audit.record("backup.created", AuditOutcome.ALLOWED, BackupAudit.BACKUP, id, actor, details);
                });
            } catch (RuntimeException e) {
                // A backup nobody could record would never be shown, verified or deleted: it goes.
                BackupWriter.removeQuietly(written.folder());
                throw new BackupException(BackupException.Problem.DATABASE, "The finished backup could not be recorded; "
                        + "its folder was removed", e);
            }
            log.info("Backup {} written to {}: {} tables, {} rows", id, written.folder(), manifest.tables().size(),
                    manifest.rows());
        } catch (BackupException e) {
            log.warn("Backup {} failed ({}): {}", id, e.problem(), e.getMessage());
            failed(id, trigger, actor, e.problem().name());
        } catch (RuntimeException e) {
            log.error("Backup {} failed", id, e);
            failed(id, trigger, actor, UNEXPECTED);
        }
        return repository.find(id).orElseThrow();
    }

    private void failed(UUID id, BackupTrigger trigger, Actor actor, String problem) {
        transactions.executeWithoutResult(status -> {
            repository.markFailed(id, problem, now());
            audit.record("backup.failed", AuditOutcome.FAILED, BackupAudit.BACKUP, id, actor,
                    Map.of("trigger", trigger, "problem", problem));
        });
    }

    /**
     * After a restore: the backup holds its own record as RUNNING, because it was taken while it ran.
     * When the restored folder is in this installation's backup directory and it is the only such
     * record, that record is the backup just restored, complete; it is marked DONE with its folder so
     * that it is listed, verified and kept or pruned like any other. Otherwise the next backup marks
     * it INTERRUPTED, as it does for a node that stopped.
     *
     * @return whether a record was completed
     */
    boolean completeRestored(java.nio.file.Path folder, Manifest manifest) {
        java.nio.file.Path directory = folders.directory().toAbsolutePath().normalize();
        java.nio.file.Path restored = folder.toAbsolutePath().normalize();
        List<UUID> running = repository.running();
        if (running.size() != 1 || !directory.equals(restored.getParent())) {
            return false;
        }
        transactions.executeWithoutResult(status -> repository.markDone(running.get(0),
                restored.getFileName().toString(), manifest, java.time.Instant.parse(manifest.takenAt())));
        return true;
    }

    /** Backups a stopped node left RUNNING; only the lock's holder calls this, so none is really running. */
    private void closeInterrupted() {
        for (UUID id : repository.running()) {
            BackupRecord record = repository.find(id).orElseThrow();
            failed(id, record.trigger(), BackupAudit.CLEANUP, INTERRUPTED);
        }
    }

    // --- retention of backups ----------------------------------------------------------------

    /**
     * Deletes the complete backups the retention does not keep (never the newest, never one a drill
     * is restoring), each recorded DELETED and audited. Runs under the backup lock.
     *
     * @return the backups deleted
     */
    List<UUID> prune(Actor actor) {
        List<BackupRecord> done = repository.done();
        Set<UUID> keep = new HashSet<>(BackupRetention.keep(done.stream()
                .map(r -> new BackupRetention.Candidate(r.id(), r.startedAt())).toList(),
                properties.keepDaily(), properties.keepMonthly(), times.companyZone()));
        keep.addAll(repository.backupsInRunningDrills());
        List<UUID> deleted = new java.util.ArrayList<>();
        for (BackupRecord backup : done) {
            if (keep.contains(backup.id()) || backup.folder() == null) {
                continue;
            }
            if (!folders.delete(backup.folder())) {
                log.warn("Backup folder {} could not be deleted; it stays recorded as a backup", backup.folder());
                continue;
            }
            transactions.executeWithoutResult(status -> {
                if (repository.markDeleted(backup.id(), now())) {
                    audit.record("backup.deleted", AuditOutcome.ALLOWED, BackupAudit.BACKUP, backup.id(), actor,
                            Map.of("folder", backup.folder(), "keepDaily", properties.keepDaily(),
                                    "keepMonthly", properties.keepMonthly()));
                    deleted.add(backup.id());
                }
            });
        }
        if (!deleted.isEmpty()) {
            log.info("The retention of backups deleted {} backup(s)", deleted.size());
        }
        return deleted;
    }

    // --- verification ------------------------------------------------------------------------

    /**
     * Reads every file of a complete backup (decrypting it, comparing checksums and row counts with
     * the manifest) and records the result on the backup. Takes as long as reading the backup.
     *
     * @throws DomainException 403 {@code backup-not-allowed}, 404 {@code not-found}, 409
     *         {@code backup-not-verifiable} when the backup is not complete (running, failed, deleted)
     */
    public BackupCheck verify(UUID id, CustosUser by) {
        requireRun(by);
        BackupRecord backup = repository.find(id).orElseThrow(DomainException::notFound);
        if (backup.status() != BackupStatus.DONE || backup.folder() == null) {
            throw DomainException.conflict("backup-not-verifiable");
        }
        BackupVerifier.Verification result = BackupVerifier.verify(folders.of(backup.folder()), master);
        List<BackupCheck.Finding> findings = result.problems().stream()
                .map(p -> new BackupCheck.Finding(p.file(), p.kind())).toList();
        boolean valid = result.valid();
        String problem = valid ? null
                : findings.isEmpty() ? BackupException.Problem.NOT_A_BACKUP.name() : findings.get(0).kind();
        String file = findings.isEmpty() ? null : findings.get(0).file();
        if (file != null && file.length() > 120) {
            file = file.substring(0, 120);
        }
        String firstFile = file;
        transactions.executeWithoutResult(status -> {
            repository.markVerified(id, now(), by.id(), valid, problem, firstFile);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("valid", valid);
            details.put("rows", BackupAudit.count(result.rowsChecked()));
            details.put("problems", findings.size());
            if (problem != null) {
                details.put("problem", problem);
            }
            audit.record("backup.verified", valid ? AuditOutcome.ALLOWED : AuditOutcome.FAILED, BackupAudit.BACKUP, id,
                    by.actor(), details);
        });
        return new BackupCheck(repository.find(id).orElseThrow(), valid, result.rowsChecked(), findings);
    }

    // --- reading -----------------------------------------------------------------------------

    /** The newest {@link #LIST_LIMIT} backups, newest first. */
    public List<BackupRecord> list(CustosUser by) {
        requireRead(by);
        return repository.list(LIST_LIMIT);
    }

    /** How many backups are recorded in all. */
    public long count(CustosUser by) {
        requireRead(by);
        return repository.count();
    }

    /** @throws DomainException 404 {@code not-found} */
    public BackupRecord find(UUID id, CustosUser by) {
        requireRead(by);
        return repository.find(id).orElseThrow(DomainException::notFound);
    }

    /** When the next scheduled backup starts; null when it is turned off or names no future time. */
    public @Nullable Instant nextScheduled() {
        return next(properties.schedule(), times, clock);
    }

    static @Nullable Instant next(String cron, Times times, Clock clock) {
        if (BackupProperties.NEVER.equals(cron)) {
            return null;
        }
        ZonedDateTime next = CronExpression.parse(cron).next(ZonedDateTime.now(clock).withZoneSameInstant(times.companyZone()));
        return next == null ? null : next.toInstant();
    }

    /** The backup a drill restores: the newest complete one, with its folder. */
    Optional<BackupRecord> newestDone() {
        return repository.newestDone();
    }

    BackupFolders folders() {
        return folders;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Waits for a job to say whether it started; a refusal it met is thrown as it is. */
    static <T> T await(CompletableFuture<T> started, String busyCode) {
        try {
            return started.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DomainException refusal) {
                throw refusal;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // The lock's database did not answer in time: as good as busy for the caller, who may retry.
            throw DomainException.conflict(busyCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.conflict(busyCode);
        }
    }

    @Override
    public void destroy() {
        jobs.close();
    }
}
