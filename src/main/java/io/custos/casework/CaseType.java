package io.custos.casework;

import org.jspecify.annotations.Nullable;

import io.custos.retention.HoldKind;

/**
 * What the customer asks for (PIPL arts. 44-50, policy §四.3): the rights requests, a complaint, or
 * a compensation claim. Complaints and claims make the customer's records evidence while open.
 */
public enum CaseType {
    COPY, PORTABILITY, CORRECTION, DELETION, RESTRICTION, EXPLANATION, COMPLAINT, CLAIM;

    /** The legal hold an open case of this type keeps on the customer, if any. */
    public @Nullable HoldKind hold() {
        return switch (this) {
            case COMPLAINT -> HoldKind.COMPLAINT;
            case CLAIM -> HoldKind.CLAIM;
            default -> null;
        };
    }

    /**
     * Complaints and claims may be about the very employee who would answer them, and refusing a
     * rights request takes a customer's right away: both are decided by a department head or the
     * administration department, never by an ordinary employee alone.
     */
    boolean closedByHeadOrAdmin(CaseOutcome outcome) {
        return this == COMPLAINT || this == CLAIM || outcome == CaseOutcome.REFUSED
                || outcome == CaseOutcome.PARTLY_GRANTED;
    }
}
