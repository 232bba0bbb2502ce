package io.custos.compliance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What an evidence query found: a count or percentage, or for a DAYS indicator the time of the last
 * such event (the days are counted by the map, in the company's zone); {@code at} is when the
 * evidence was true (the moment of computation for a state, the event's time for a last event).
 * A DAYS figure with no time means it never happened.
 */
public record Figure(@Nullable Long value, @Nullable Instant at) {

    public static Figure count(long value, Instant at) {
        return new Figure(value, at);
    }

    /**
     * A share in whole percent, rounded down so that a "must be 100 %" cannot round up (9,999 of
     * 10,000 is 99); nothing to count is 100.
     */
    public static Figure share(long part, long whole, Instant at) {
        return new Figure(percent(part, whole), at);
    }

    static long percent(long part, long whole) {
        return whole == 0 ? 100 : Math.floorDiv(part * 100, whole);
    }

    /** The time of the last event, or never. */
    public static Figure last(@Nullable Instant when) {
        return new Figure(null, when);
    }
}
