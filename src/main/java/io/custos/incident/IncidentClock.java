package io.custos.incident;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One notification clock as of the moment it was read: {@code minutesLeft} is negative once overdue;
 * a stopped clock was {@code met} when it stopped by its due time. {@code batch} is 1 but for the
 * customers' clock of customers added after an earlier customers' clock had stopped (2, 3, ...).
 * {@code stoppedAt} is the time the notification says it was sent, {@code recordedAt} when it was
 * recorded: a time in time recorded after the due time is {@link #recordedLate()}.
 */
public record IncidentClock(ClockKind kind, int batch, Instant startedAt, Instant dueAt, @Nullable Instant stoppedAt,
        @Nullable Instant recordedAt,
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

    /** Whether it was recorded a minute or more after the time it gives: then both are shown. */
    public boolean recordedLater() {
        return stoppedAt != null && recordedAt != null && !recordedAt.isBefore(stoppedAt.plusSeconds(60));
    }

    /** Met by the time given, but that time was recorded only after the due time: it rests on the word of whoever recorded it. */
    public boolean recordedLate() {
        return met() && recordedAt != null && recordedAt.isAfter(dueAt);
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
        if (recordedLate()) {
            return "incident.clock.outcome.metRecordedLate";
        }
        return met() ? "incident.clock.outcome.met" : "incident.clock.outcome.missed";
    }
}
