package io.custos.backup;

/** Where a backup the application made stands. */
public enum BackupStatus {
    /** Being written now. */
    RUNNING,
    /** Complete: its folder holds every table and the manifest. */
    DONE,
    /** It could not be made; nothing was left behind. {@link BackupRecord#problem()} says why. */
    FAILED,
    /** Deleted by the retention of backups ({@code keep-daily}, {@code keep-monthly}). */
    DELETED
}
