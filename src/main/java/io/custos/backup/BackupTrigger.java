package io.custos.backup;

/** What started a backup or a restore drill. */
public enum BackupTrigger {
    /** The schedule ({@code custos.backup.schedule}, {@code custos.backup.drill-schedule}). */
    SCHEDULED,
    /** A system administrator, on the page or through the API. */
    MANUAL,
    /** The command line ({@code java -jar custos.jar backup}); backups only. */
    COMMAND
}
