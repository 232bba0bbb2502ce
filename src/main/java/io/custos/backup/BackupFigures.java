package io.custos.backup;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Backups counted for the compliance map (issue 22, R-STO-3): times only, never a folder or a file. */
@Service
public class BackupFigures {

    private final JdbcClient jdbc;
    private final RestoreDrills drills;

    BackupFigures(JdbcClient jdbc, RestoreDrills drills) {
        this.jdbc = jdbc;
        this.drills = drills;
    }

    /**
     * When the newest backup that can be relied on was completed: written in full (every table and the
     * manifest, status DONE, so neither failed, still running nor deleted by the retention of backups)
     * and not found damaged by its latest verification. A backup a verification found damaged does not
     * count even though it was written, since it would not restore. Null when there is none. The
     * policy's daily backup is judged by the days since this moment.
     */
    @Transactional(readOnly = true)
    public @Nullable Instant lastGoodBackup() {
        return jdbc.sql("select finished_at from backup_record where status = ? "
                + "and (verified_valid is null or verified_valid = true) order by finished_at desc, id "
                + "fetch first 1 rows only")
                .param(BackupStatus.DONE.name())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElse(null);
    }

    /**
     * When the newest restore drill that passed finished (the backup restored into a scratch database,
     * every table held its rows and the audit chain verified there): the proof that backups restore,
     * which the backups page shows first too. Null when no drill ever passed.
     */
    @Transactional(readOnly = true)
    public @Nullable Instant lastPassedDrill() {
        return drills.lastSuccessfulDrill()
                .map(d -> d.finishedAt() != null ? d.finishedAt() : d.startedAt()).orElse(null);
    }
}
