package io.custos.training;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/** Where a person stands with a course assigned to them. */
public enum Standing {
    /** A current pass. */
    PASSED,
    /** A current pass that runs out within the warning period: time for the refresher. */
    EXPIRING,
    /** Never passed; the due date has not passed yet. */
    DUE,
    /** Never passed and past the due date. */
    OVERDUE,
    /** Passed once, but the pass has run out. */
    EXPIRED;

    /** Holds a current pass. */
    public boolean current() {
        return this == PASSED || this == EXPIRING;
    }

    /** Late: past the due date without a pass, or the pass has run out. */
    public boolean late() {
        return this == OVERDUE || this == EXPIRED;
    }

    /**
     * @param validUntil the end of the person's latest pass, if they ever passed
     * @param dueOn the earliest due date of the assignments that cover them: a calendar day, which
     *        ends at midnight where the person is
     * @param zone the person's zone (their own choice, else the company's)
     */
    static Standing of(@Nullable Instant validUntil, LocalDate dueOn, Instant now, Duration warning, ZoneId zone) {
        if (validUntil != null && validUntil.isAfter(now)) {
            return validUntil.isAfter(now.plus(warning)) ? PASSED : EXPIRING;
        }
        if (validUntil != null) {
            return EXPIRED;
        }
        return LocalDate.ofInstant(now, zone).isAfter(dueOn) ? OVERDUE : DUE;
    }
}
