package io.custos.backup;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Backup settings (issue 17, R-STO-3).
 *
 * @param directory where backups are written, each in a folder of its own
 * @param schedule when the scheduled backup runs (Spring cron, in the company's zone {@code custos.time.zone});
 *        {@code -} turns the scheduled backup off
 * @param keepDaily after a scheduled backup, the newest backup of each of this many most recent days
 *        (days on which a backup was made) is kept
 * @param keepMonthly likewise for months; everything else the application made is deleted
 * @param drillSchedule when the restore drill runs (Spring cron, in the company's zone); {@code -} turns it off
 * @param drillDirectory where a drill's scratch H2 database is written (and deleted afterwards); null
 *        means the system's temporary folder. It holds a copy of the database while a drill runs: keep
 *        it as protected as the database
 * @param maxDuration the longest a backup or a drill may take: a node that holds a job's lock longer
 *        is taken for dead and another may run the job
 */
@ConfigurationProperties("custos.backup")
public record BackupProperties(@DefaultValue("./data/backups") Path directory,
        @DefaultValue("0 30 2 * * *") String schedule, @DefaultValue("7") int keepDaily,
        @DefaultValue("12") int keepMonthly, @DefaultValue("0 0 4 1 * *") String drillSchedule,
        @Nullable Path drillDirectory, @DefaultValue("6h") Duration maxDuration) {

    public BackupProperties {
        if (keepDaily < 1 || keepMonthly < 0) {
            throw new IllegalArgumentException("custos.backup: keep-daily must be at least 1, keep-monthly not negative");
        }
        if (!validSchedule(schedule) || !validSchedule(drillSchedule)) {
            throw new IllegalArgumentException("custos.backup: schedule and drill-schedule must be cron expressions "
                    + "of six fields (second minute hour day month weekday), e.g. 0 30 2 * * *, or - for never");
        }
        if (maxDuration.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("custos.backup: max-duration must be at least a minute");
        }
    }

    /** Spring's word for a schedule that never fires. */
    static final String NEVER = org.springframework.scheduling.annotation.Scheduled.CRON_DISABLED;

    private static boolean validSchedule(String cron) {
        return NEVER.equals(cron) || CronExpression.isValidExpression(cron);
    }

    /** Where drills put their scratch H2 databases. */
    public Path drillFolder() {
        return drillDirectory != null ? drillDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
