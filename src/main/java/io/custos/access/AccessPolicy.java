package io.custos.access;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One version of the access policy: its rules in order. Anything no rule allows is refused (deny by
 * default). Versions never change; an edit makes a new one.
 */
public record AccessPolicy(int version, Instant createdAt, String createdBy, String reason, List<AccessRule> rules) {

    public AccessPolicy {
        rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (AccessRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw io.custos.shared.DomainException.unprocessable("access-rule-duplicate",
                        Map.of("field", "rules", "rule", rule.id()), rule.id());
            }
        }
    }
}
