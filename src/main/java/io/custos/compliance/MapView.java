package io.custos.compliance;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The compliance map as computed now: the clauses of the policy in force with their controls and
 * readings, for the company or one department, and the controls no clause names (still shown, so a
 * control the policy forgot is seen). Without a published policy there are no clauses.
 */
public record MapView(@Nullable PolicyRef policy, @Nullable UUID department, Instant computedAt,
        List<ClauseView> clauses, List<ControlView> unmappedControls) {

    /** How many clauses have each colour. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        clauses.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return counts;
    }
}
