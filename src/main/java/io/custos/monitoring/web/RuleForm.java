package io.custos.monitoring.web;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.monitoring.AlertSeverity;
import io.custos.monitoring.RuleKind;
import io.custos.monitoring.RuleSettings;
import io.custos.shared.DomainException;

/**
 * One rule's settings as a client sends them: every part may be missing, so that a missing one is
 * refused as {@code monitoring-rule-invalid} naming it (422) instead of a body Jackson cannot build.
 */
record RuleForm(@Nullable RuleKind kind, @Nullable Boolean enabled, @Nullable AlertSeverity severity,
        @Nullable Integer threshold, @Nullable Integer windowMinutes, @Nullable Integer suppressMinutes,
        @Nullable List<UUID> departments, @Nullable LocalTime workdayStart, @Nullable LocalTime workdayEnd,
        @Nullable Integer daysBeforeEnd) {

    RuleSettings settings() {
        return new RuleSettings(required(kind, "kind"), required(enabled, "enabled"), required(severity, "severity"),
                required(threshold, "threshold"), required(windowMinutes, "windowMinutes"),
                required(suppressMinutes, "suppressMinutes"), departments == null ? List.of() : departments,
                workdayStart, workdayEnd, daysBeforeEnd);
    }

    private static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw DomainException.unprocessable("monitoring-rule-invalid", Map.of("field", field), field);
        }
        return value;
    }
}
