package io.custos.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The way from a backup's record to its folder: only a name the writer made, only directly inside
 * the configured directory. Nothing a caller sends (an id is a record's UUID) ever becomes a path,
 * and no backup file is ever served over HTTP.
 */
final class BackupFolders {

    /** What {@link BackupWriter} names a finished backup: {@code custos-backup-20261205T023000Z-<16 hex>}. */
    static final Pattern NAME = Pattern.compile(Pattern.quote(BackupFormat.FOLDER_PREFIX) + "\\d{8}T\\d{6}Z-[0-9a-f]{16}");

    private final Path directory;

    BackupFolders(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /** @throws BackupException NOT_A_BACKUP for a name the writer would not have made */
    Path of(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new BackupException(BackupException.Problem.NOT_A_BACKUP, "Not a backup folder name");
        }
        Path folder = directory.resolve(name).normalize();
        if (!directory.equals(folder.getParent())) {
            throw new BackupException(BackupException.Problem.NOT_A_BACKUP, "Not a backup folder name");
        }
        return folder;
    }

    /** Deletes a backup's folder; true when it is gone afterwards (or was already). */
    boolean delete(String name) {
        Path folder = of(name);
        if (Files.isSymbolicLink(folder)) {
            // Not made by the writer: never follow it elsewhere.
            return false;
        }
        if (!Files.exists(folder)) {
            return true;
        }
        BackupWriter.removeQuietly(folder);
        return !Files.exists(folder);
    }
}
