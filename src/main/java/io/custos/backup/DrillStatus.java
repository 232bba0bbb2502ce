package io.custos.backup;

/** The outcome of a restore drill. */
public enum DrillStatus {
    RUNNING,
    /** The backup restored into a scratch database, every table held its rows and the audit chain verified. */
    PASSED,
    /** Something failed; {@link RestoreDrill#problem()} says what. */
    FAILED
}
