package io.custos.monitoring;

/**
 * The kinds of rule monitoring knows (issue 21.1). Each kind counts something per subject (a person,
 * or the system for the audit chain) over a sliding window and fires when the count exceeds the
 * rule's threshold; its defaults are the settings the first start approves.
 * <p>
 * {@code figure} names what is counted, for the pages: distinct customers, events, or rows.
 */
public enum RuleKind {

    /** More than N distinct customers viewed or revealed by one person within M minutes. */
    BULK_READING(Figure.CUSTOMERS, AlertSeverity.HIGH, 50, 10, 60),
    /** Uses of customer data outside working hours or on a non-working day (the holiday calendar). */
    OFF_HOURS(Figure.EVENTS, AlertSeverity.MEDIUM, 3, 60, 240),
    /** Customers this person had never used before, more than N within M minutes. */
    UNUSUAL_CUSTOMERS(Figure.CUSTOMERS, AlertSeverity.MEDIUM, 20, 60, 240),
    /** Refusals of one person: more than N within M minutes. */
    REPEATED_REFUSALS(Figure.EVENTS, AlertSeverity.MEDIUM, 5, 10, 60),
    /** Rows of customer lists exported or downloaded by one person: more than N within M minutes. */
    LARGE_EXPORT(Figure.ROWS, AlertSeverity.HIGH, 200, 60, 240),
    /** Any use of customer data by a person on notice. */
    ON_NOTICE_ACCESS(Figure.EVENTS, AlertSeverity.HIGH, 0, 60, 60),
    /** Any emergency (break-glass) access opened. */
    BREAK_GLASS(Figure.EVENTS, AlertSeverity.HIGH, 0, 60, 60),
    /** A sign-in from a network this person has never signed in from (they have signed in before). */
    NEW_NETWORK_SIGN_IN(Figure.EVENTS, AlertSeverity.LOW, 0, 60, 1440),
    /** A sign-in within M minutes after the account was locked out. */
    SIGN_IN_AFTER_LOCKOUT(Figure.EVENTS, AlertSeverity.MEDIUM, 0, 1440, 1440),
    /** Uses under a sharing grant in its last days: more than N within M minutes. */
    GRANT_ENDING_ACCESS(Figure.EVENTS, AlertSeverity.MEDIUM, 20, 60, 240),
    /** The audit log found broken, short of its checkpoints, or refusing rows. */
    AUDIT_CHAIN_FAILURE(Figure.EVENTS, AlertSeverity.HIGH, 0, 60, 60);

    /** What a rule of this kind counts. */
    public enum Figure {
        CUSTOMERS, EVENTS, ROWS
    }

    private final Figure figure;
    private final AlertSeverity severity;
    private final int threshold;
    private final int windowMinutes;
    private final int suppressMinutes;

    RuleKind(Figure figure, AlertSeverity severity, int threshold, int windowMinutes, int suppressMinutes) {
        this.figure = figure;
        this.severity = severity;
        this.threshold = threshold;
        this.windowMinutes = windowMinutes;
        this.suppressMinutes = suppressMinutes;
    }

    public Figure figure() {
        return figure;
    }

    /** Whether the rule's subject is a person (all but the audit chain's, whose subject is the system). */
    public boolean aboutPeople() {
        return this != AUDIT_CHAIN_FAILURE;
    }

    /** The settings the first start approves for this kind. */
    public RuleSettings defaults() {
        return new RuleSettings(this, true, severity, threshold, windowMinutes, suppressMinutes, java.util.List.of(),
                this == OFF_HOURS ? RuleSettings.DEFAULT_WORKDAY_START : null,
                this == OFF_HOURS ? RuleSettings.DEFAULT_WORKDAY_END : null,
                this == GRANT_ENDING_ACCESS ? RuleSettings.DEFAULT_DAYS_BEFORE_END : null);
    }
}
