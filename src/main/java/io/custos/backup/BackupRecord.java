package io.custos.backup;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A backup the application made (table {@code backup_record}).
 *
 * @param requestedBy the person who asked for it; null for the schedule
 * @param folder the backup's folder name in {@code custos.backup.directory}, once written
 * @param bytes the size of its table files
 * @param problem why it failed: a {@link BackupException.Problem} name, {@code INTERRUPTED} (the node
 *        stopped while writing it) or {@code UNEXPECTED}
 * @param verification the latest verification on demand, if any
 */
public record BackupRecord(UUID id, BackupTrigger trigger, @Nullable UUID requestedBy, Instant startedAt,
        @Nullable Instant finishedAt, BackupStatus status, @Nullable String folder, @Nullable Long rows,
        @Nullable Long bytes, @Nullable Integer tables, @Nullable String schemaVersion, @Nullable String problem,
        @Nullable Instant deletedAt, @Nullable Verification verification) {

    /**
     * @param by who verified it
     * @param problem the first problem's kind (a {@link BackupException.Problem} name), null when valid
     * @param file the backup's file the first problem is in, relative to its folder
     */
    public record Verification(Instant at, @Nullable UUID by, boolean valid, @Nullable String problem,
            @Nullable String file) {
    }
}
