package io.custos.incident;

/** The notification clocks of an incident. */
public enum ClockKind {
    /** The first report to the regulator (the cyberspace administration). */
    REGULATOR_INITIAL,
    /** The regulator's fuller report: cause, scale, measures. */
    REGULATOR_DETAIL,
    /** The notice to the affected customers (PIPL art. 57: without delay). */
    CUSTOMERS
}
