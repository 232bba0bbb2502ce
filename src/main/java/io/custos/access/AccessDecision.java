package io.custos.access;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The answer of the policy decision point for one person, one customer and one action: per field
 * SHOW, MASK or DENY with the rule and reason, under one policy version. {@code visible} is false
 * when no rule gives the person any relation to the record: the caller then answers exactly as
 * for a record that does not exist.
 */
public record AccessDecision(int policyVersion, AccessAction action, @Nullable String purpose, boolean visible,
        Map<String, FieldDecision> fields) {

    public AccessDecision {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public FieldOutcome outcome(String field) {
        FieldDecision decision = fields.get(field);
        return decision == null ? FieldOutcome.DENY : decision.outcome();
    }

    public List<String> with(FieldOutcome outcome) {
        return fields.values().stream().filter(d -> d.outcome() == outcome).map(FieldDecision::field).toList();
    }

    /** Whether the action is allowed on the record at all: some field is not refused. */
    public boolean allowed() {
        return fields.values().stream().anyMatch(d -> d.outcome() != FieldOutcome.DENY);
    }

    /** The rules that decided, sorted, for the audit event. */
    public List<String> rules() {
        TreeSet<String> rules = new TreeSet<>();
        fields.values().forEach(d -> {
            if (d.rule() != null) {
                rules.add(d.rule());
            }
        });
        return List.copyOf(rules);
    }

    /**
     * The decision as its audit event carries it: policy version, fields by outcome, the rule that
     * decided each ({@code field:rule}) and the reason of each refusal ({@code field:reason}). Field
     * names, rule ids and codes only; an explanation is read back from these.
     */
    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("policyVersion", policyVersion);
        details.put("shown", with(FieldOutcome.SHOW));
        details.put("masked", with(FieldOutcome.MASK));
        List<String> denied = with(FieldOutcome.DENY);
        if (!denied.isEmpty()) {
            details.put("denied", denied);
            details.put("reasons", fields.values().stream().filter(d -> d.outcome() == FieldOutcome.DENY)
                    .map(d -> d.field() + ":" + d.reason().code()).toList());
        }
        details.put("rules", fields.values().stream().filter(d -> d.rule() != null)
                .map(d -> d.field() + ":" + d.rule()).toList());
        List<String> granted = fields.values().stream().filter(d -> d.grant() != null && d.outcome() != FieldOutcome.DENY)
                .map(d -> d.field() + ":" + d.grant()).toList();
        if (!granted.isEmpty()) {
            // Each field read under a sharing grant names its grant, so overlapping grants stay apart.
            details.put("grants", granted);
        }
        return details;
    }

    /** The first refusal reason among the fields (the record-level answer when everything is refused). */
    public Reason refusal() {
        return fields.values().stream().filter(d -> d.outcome() == FieldOutcome.DENY).map(FieldDecision::reason)
                .max(Enum::compareTo).orElse(Reason.NO_RULE);
    }
}
