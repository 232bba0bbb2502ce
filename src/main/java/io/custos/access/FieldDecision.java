package io.custos.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The decision for one field: outcome, the rule that decided (null when no rule applied) and why.
 * {@code review}: a reveal the policy flags for later review (inspection, break-glass).
 * {@code grant}: the sharing grant the field was decided under, when a grant rule decided it.
 */
public record FieldDecision(String field, FieldOutcome outcome, @Nullable String rule, Reason reason, boolean review,
        @Nullable UUID grant) {

    public FieldDecision(String field, FieldOutcome outcome, @Nullable String rule, Reason reason, boolean review) {
        this(field, outcome, rule, reason, review, null);
    }

    static FieldDecision deny(String field, @Nullable String rule, Reason reason) {
        return new FieldDecision(field, FieldOutcome.DENY, rule, reason, false);
    }

    /** Whether this decision should replace {@code other} when rules disagree: the most permissive wins. */
    boolean beats(FieldDecision other) {
        int byOutcome = outcome.compareTo(other.outcome);
        if (byOutcome != 0) {
            return byOutcome > 0;
        }
        if (outcome == FieldOutcome.DENY) {
            // The most specific refusal tells the person what would make it an allowance.
            return reason.compareTo(other.reason) > 0;
        }
        return other.review && !review;
    }
}
