package io.custos.backup;

/**
 * A backup could not be made, verified or restored. The {@link Problem} says what a person can do
 * about it; the message names files and tables, never a value from them.
 */
public class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Problem {
        /** Not a Custos backup, or one written in a format this version does not read. */
        NOT_A_BACKUP,
        /** Made by a newer Custos, with a schema this version does not know. */
        NEWER_SCHEMA,
        /** Its key cannot be opened with this installation's master key. */
        WRONG_KEY,
        /** A file is missing, changed, cut short or does not match the manifest. */
        DAMAGED,
        /** The target database already holds tables; a restore needs --force and a confirmation. */
        TARGET_NOT_EMPTY,
        /** The database could not be read or written. */
        DATABASE,
        /** The backup's folder could not be written (a full disk, permissions). */
        STORAGE
    }

    private final Problem problem;
    private final @org.jspecify.annotations.Nullable String file;

    public BackupException(Problem problem, String message) {
        super(message);
        this.problem = problem;
        this.file = null;
    }

    public BackupException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.file = null;
    }

    private BackupException(String file, String what) {
        super(file + " " + what);
        this.problem = Problem.DAMAGED;
        this.file = file;
    }

    /** A file of the backup is missing, changed or unreadable. */
    static BackupException damaged(String file, String what) {
        return new BackupException(file, what);
    }

    /** The backup's file the problem is in, when it is in one. */
    public @org.jspecify.annotations.Nullable String file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
