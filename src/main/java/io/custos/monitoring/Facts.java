package io.custos.monitoring;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the rules need to know beyond the event itself. The evaluator answers from the database and
 * other modules (and remembers first contacts and networks as it goes); tests answer from a script.
 */
interface Facts {

    /** The person's department now and whether they are on notice; null for an id that is nobody. */
    @Nullable Person person(UUID actorId);

    /** Whether the instant falls on a working day of the company's calendar between the two times. */
    boolean workingTime(Instant at, java.time.LocalTime start, java.time.LocalTime end);

    /**
     * Whether this event is the person's first use of the customer: true when no earlier event showed
     * it (and the event is then remembered as the first), or when this very row is the remembered first.
     */
    boolean firstContact(UUID actorId, UUID customerId, long row);

    /**
     * Whether a sign-in from the network is from a new one: false for the person's very first sign-in
     * (nothing to compare with) and for a network already seen; remembered either way.
     */
    boolean newNetwork(UUID actorId, String network, long row);

    /** When the sharing grant ends or ended (revoked or run out); null for an unknown grant. */
    @Nullable Instant grantEnds(UUID grantId);

    record Person(@Nullable UUID departmentId, boolean onNotice) {
    }
}
