package io.custos.retention;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A customer the newest sweep found due (or falling due within the notice period): by which rule,
 * from which date the period counted, from which day it is due, and where it stands now.
 */
public record DueCustomer(UUID customerId, @Nullable String companyName, UUID ownerId, @Nullable UUID departmentId,
        String ruleCode, RuleKind kind, LocalDate basisOn, LocalDate dueOn, boolean due, boolean held,
        @Nullable UUID batchId) {
}
