package io.custos.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A rule crossed by one subject: what the evaluator hands to {@link Alerts} to raise, or a rule's
 * test shows. {@code rows} are the audit rows behind it (the last ones of the window, at most
 * {@value #MAX_ROWS}); {@code triggerRow} the one that crossed.
 */
record Crossing(RuleKind kind, int ruleVersion, AlertSeverity severity, String subjectKey, @Nullable UUID subjectId,
        @Nullable UUID departmentId, long figure, int threshold, int windowMinutes, Instant firstAt, Instant lastAt,
        long triggerRow, List<Long> rows) {

    static final int MAX_ROWS = 200;

    Crossing {
        rows = List.copyOf(rows);
    }
}
