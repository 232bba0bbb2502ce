package io.custos.retention;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A version of the retention rules and its approval. */
public record RetentionRuleSet(int version, RuleSetStatus status, String reason, @Nullable UUID proposedBy,
        Instant proposedAt, @Nullable UUID decidedBy, @Nullable Instant decidedAt, @Nullable String decisionReason,
        List<RetentionRule> rules) {

    public RetentionRuleSet {
        rules = List.copyOf(rules);
    }

    public Optional<RetentionRule> rule(RuleKind kind) {
        return rules.stream().filter(r -> r.kind() == kind).findFirst();
    }

    public Optional<RetentionRule> rule(String code) {
        return rules.stream().filter(r -> r.code().equals(code)).findFirst();
    }
}
