package io.custos.compliance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One indicator's live evidence as judged: its value (a count, a percentage, or whole days since
 * {@code at}; none when it never happened), the time the evidence refers to, the colour, the
 * thresholds applied (none for a figure shown without judgement), whether it is the company's figure
 * on a department's map, and whether the thresholds were tuned away from the defaults.
 */
public record Reading(Indicator indicator, @Nullable Long value, @Nullable Instant at, Status status,
        @Nullable Thresholds thresholds, boolean companyWide, boolean tuned) {
}
