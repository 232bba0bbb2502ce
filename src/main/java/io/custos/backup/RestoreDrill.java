package io.custos.backup;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A restore drill (table {@code backup_drill}): the newest backup restored into a scratch database
 * and checked there.
 *
 * @param backupId the backup restored; null when there was none
 * @param database the scratch database's engine: {@code H2} or {@code PostgreSQL}
 * @param rows rows restored
 * @param tookMs how long the restore and its checks took
 * @param problem why it failed: a {@link BackupException.Problem} name, {@code NO_BACKUP},
 *        {@code ROWS_DIFFER}, {@code AUDIT_CHAIN_BROKEN}, {@code INTERRUPTED} or {@code UNEXPECTED}
 */
public record RestoreDrill(UUID id, @Nullable UUID backupId, BackupTrigger trigger, @Nullable UUID requestedBy,
        Instant startedAt, @Nullable Instant finishedAt, DrillStatus status, @Nullable String database,
        @Nullable Long rows, @Nullable Integer tables, @Nullable Long tookMs, @Nullable String problem) {
}
