package io.custos.retention;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * One rule of a set: its code, what it measures, its period and, for a legal minimum, the L1 fields
 * it keeps.
 */
public record RetentionRule(String code, RuleKind kind, Period period, List<String> fields) {

    public RetentionRule {
        fields = List.copyOf(fields);
    }

    /** The day the period that started on {@code basis} ends: the customer is due from then. */
    public LocalDate dueOn(LocalDate basis) {
        return basis.plus(period);
    }

    /** The period in the ISO-8601 form stored and exchanged ({@code P2Y}, {@code P30D}). */
    public String periodText() {
        return period.toString();
    }
}
