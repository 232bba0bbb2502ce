package io.custos.handover;

/**
 * How an item was settled. {@code TO_HEAD} and {@code GONE} are the system's: what was still
 * unsettled on the leaving date went to the department head, and what stopped being held meanwhile
 * (decided, destroyed, expired) needs nothing more. {@code REVIEWED}: the access was reviewed.
 */
public enum ItemOutcome {
    REASSIGNED,
    WITHDRAWN,
    CONTINUED,
    ENDED,
    CHECKED_IN,
    ACKNOWLEDGED,
    REVIEWED,
    TO_HEAD,
    GONE
}
