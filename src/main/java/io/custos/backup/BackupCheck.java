package io.custos.backup;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The result of verifying a backup on demand: every file decrypted, every checksum and row count
 * compared with the manifest.
 *
 * @param backup the backup's record, with this verification in it
 * @param rowsChecked rows read and counted
 * @param findings every problem, each with the file it is in; empty when the backup is intact
 */
public record BackupCheck(BackupRecord backup, boolean valid, long rowsChecked, List<Finding> findings) {

    public BackupCheck {
        findings = List.copyOf(findings);
    }

    /** @param file relative to the backup's folder; null when the problem is not in one file */
    public record Finding(@Nullable String file, String kind) {
    }
}
