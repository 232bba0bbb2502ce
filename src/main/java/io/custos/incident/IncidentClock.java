package io.custos.incident;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One notification clock as of the moment it was read: {@code minutesLeft} is negative once overdue;
 * a stopped clock was {@code met} when it stopped by its due time. {@code batch} is 1 but for the
 * customers' clock of customers added after an earlier customers' clock had stopped (2, 3, ...).
 */
public record IncidentClock(ClockKind kind, int batch, Instant startedAt, Instant dueAt, @Nullable Instant stoppedAt,
        @Nullable String stopReason, ClockEscalation escalation, long minutesLeft, int version) {

    public boolean running() {
        return stoppedAt == null;
    }

    public boolean overdue() {
        return running() && minutesLeft < 0;
    }

    public boolean met() {
        return stoppedAt != null && !stoppedAt.isAfter(dueAt);
    }

    /** Whole hours and the minutes beyond them of the time left (or overdue, both positive). */
    public long hoursPart() {
        return Math.abs(minutesLeft) / 60;
    }

    public long minutesPart() {
        return Math.abs(minutesLeft) % 60;
    }

    /** The message key of where the clock stands: met, missed, not required, running, overdue. */
    public String outcomeKey() {
        if (running()) {
            return overdue() ? "incident.clock.outcome.overdue" : "incident.clock.outcome.running";
        }
        if ("NOT_REQUIRED".equals(stopReason)) {
            return "incident.clock.outcome.notRequired";
        }
        return met() ? "incident.clock.outcome.met" : "incident.clock.outcome.missed";
    }
}
