package io.custos.whistleblowing;

import java.util.Optional;
import java.util.UUID;

/**
 * Where the reward for a report stands. The rewards process (discipline) implements it; this module
 * only asks, so that it depends on nothing that depends on it.
 */
public interface RewardOutcomes {

    /** The reward for the anonymous reporter of this report, if one was proposed. */
    Optional<RewardOutcome> of(UUID reportId);
}
