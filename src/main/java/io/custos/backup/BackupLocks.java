package io.custos.backup;

import java.time.Duration;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * The locks that make a backup or a drill run on one node at a time, however many nodes share the
 * database: ShedLock rows in {@code shedlock}, timed by the database's clock so that nodes whose
 * clocks differ still agree. A lock a dead node held frees itself after {@code max-duration}.
 * <p>
 * They go through the node's one lock client, the one {@code @SchedulerLock} uses for the other jobs
 * (issue 23). The scheduled backup and drill lock here rather than by annotation because a backup
 * holds {@link #BACKUP} on a thread of its own for as long as it runs, and a manual one takes the
 * same lock.
 */
final class BackupLocks {

    /** Held while a backup is written (and the retention of backups runs after a scheduled one). */
    static final String BACKUP = "custos-backup";
    /** Held for a while after a scheduled backup started, so a node whose clock is late does not start another. */
    static final String BACKUP_SCHEDULE = "custos-backup-schedule";
    static final String DRILL = "custos-backup-drill";
    static final String DRILL_SCHEDULE = "custos-backup-drill-schedule";
    /** How long a schedule's lock stays taken: well above any difference between nodes' clocks, well below a day. */
    static final Duration SCHEDULE_SLOT = Duration.ofMinutes(10);

    private final LockingTaskExecutor executor;

    BackupLocks(LockProvider locks) {
        this.executor = new DefaultLockingTaskExecutor(locks);
    }

    /**
     * Runs the task in this thread if no node holds the lock, holding it while the task runs (and at
     * least {@code atLeast}).
     *
     * @return false when another node (or thread) holds the lock and the task did not run
     */
    boolean runAlone(String name, Duration atMost, Duration atLeast, Runnable task) {
        LockConfiguration lock = new LockConfiguration(ClockProvider.now(), name, atMost, atLeast);
        try {
            return executor.executeWithLock((LockingTaskExecutor.TaskWithResult<Boolean>) () -> {
                task.run();
                return true;
            }, lock).wasExecuted();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
