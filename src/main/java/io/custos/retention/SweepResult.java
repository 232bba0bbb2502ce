package io.custos.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One run of the sweep. */
public record SweepResult(UUID id, int ruleVersion, LocalDate asOf, @Nullable UUID triggeredBy, Instant startedAt,
        @Nullable Instant finishedAt, int due, int upcoming, int factsPurged) {
}
