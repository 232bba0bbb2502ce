package io.custos.discipline;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A proposal as the administration department enters it.
 *
 * @param employeeId the person it concerns; null with {@code anonymousReporter} for the whistleblower's reward
 * @param amount yuan, for fines, compensation and rewards
 */
public record NewProposal(@Nullable ProposalKind kind, @Nullable UUID employeeId, boolean anonymousReporter,
        @Nullable BigDecimal amount, @Nullable String reason, @Nullable EvidenceKind evidenceKind,
        @Nullable String evidenceId, @Nullable String evidenceReference) {

    @Override
    public String toString() {
        return "NewProposal[" + kind + ", " + evidenceKind + "]";
    }
}
