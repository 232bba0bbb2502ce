package io.custos.monitoring;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.DomainException;

/**
 * One rule of the set in force: its kind, whether it is on, the severity of what it raises, and when
 * it fires — when what it counts for one subject within {@code windowMinutes} exceeds
 * {@code threshold}. A repeat within {@code suppressMinutes} of the last alert of the same rule and
 * subject is counted on that alert instead of raising another.
 *
 * @param departments the departments whose people the rule watches; empty: everyone (partners' users
 *        belong to no department and are watched only by rules without departments)
 * @param workdayStart for {@link RuleKind#OFF_HOURS}: when working hours begin on a working day,
 *        in the company's time zone
 * @param workdayEnd for {@link RuleKind#OFF_HOURS}: when they end
 * @param daysBeforeEnd for {@link RuleKind#GRANT_ENDING_ACCESS}: how many days before a grant ends
 *        its uses count
 */
public record RuleSettings(RuleKind kind, boolean enabled, AlertSeverity severity, int threshold, int windowMinutes,
        int suppressMinutes, List<UUID> departments, @Nullable LocalTime workdayStart, @Nullable LocalTime workdayEnd,
        @Nullable Integer daysBeforeEnd) {

    static final LocalTime DEFAULT_WORKDAY_START = LocalTime.of(7, 0);
    static final LocalTime DEFAULT_WORKDAY_END = LocalTime.of(21, 0);
    static final int DEFAULT_DAYS_BEFORE_END = 7;
    static final int MAX_THRESHOLD = 1_000_000;
    /** A week: longer windows would make the evaluator hold a week of events per person. */
    static final int MAX_WINDOW = 7 * 24 * 60;
    static final int MAX_DEPARTMENTS = 200;

    /** @throws DomainException 422 {@code monitoring-rule-invalid} naming the setting that is out of range */
    public RuleSettings {
        if (kind == null || severity == null) {
            throw invalid("kind");
        }
        departments = departments == null ? List.of() : List.copyOf(departments);
        if (threshold < 0 || threshold > MAX_THRESHOLD) {
            throw invalid("threshold");
        }
        if (windowMinutes < 1 || windowMinutes > MAX_WINDOW) {
            throw invalid("windowMinutes");
        }
        if (suppressMinutes < 0 || suppressMinutes > MAX_WINDOW) {
            throw invalid("suppressMinutes");
        }
        if (departments.size() > MAX_DEPARTMENTS || departments.stream().distinct().count() != departments.size()) {
            throw invalid("departments");
        }
        if (kind == RuleKind.OFF_HOURS) {
            if (workdayStart == null || workdayEnd == null || !workdayStart.isBefore(workdayEnd)) {
                throw invalid("workdayEnd");
            }
        } else {
            workdayStart = null;
            workdayEnd = null;
        }
        if (kind == RuleKind.GRANT_ENDING_ACCESS) {
            if (daysBeforeEnd == null || daysBeforeEnd < 1 || daysBeforeEnd > 90) {
                throw invalid("daysBeforeEnd");
            }
        } else {
            daysBeforeEnd = null;
        }
        if (!kind.aboutPeople() && !departments.isEmpty()) {
            throw invalid("departments");
        }
    }

    private static DomainException invalid(String field) {
        return DomainException.unprocessable("monitoring-rule-invalid", Map.of("field", field), field);
    }

    /** Whether this rule watches a person of the department (null: no department, e.g. a partner's user). */
    boolean watches(@Nullable UUID departmentId) {
        return departments.isEmpty() || departmentId != null && departments.contains(departmentId);
    }
}
