package io.custos.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a policy version changes against another (issue 13.3, 14.11): the rules added, removed and
 * changed, and for each rule the attributes that differ, as codes the pages put into words (role
 * names, action names, purpose names, levels). An added rule lists all its attributes as added, a
 * removed one all as removed, so the approver reads the whole rule either way.
 */
public record PolicyDiff(int fromVersion, int toVersion, List<RuleChange> changes) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** Attributes with one value (relation, levels, review); the others are sets. */
    public static final Set<String> SINGLE = Set.of("relation", "show", "mask", "reveal", "review");

    public record RuleChange(String rule, Kind kind, List<AttributeChange> attributes) {
        public RuleChange {
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * One attribute's values before and after (codes; an empty list: none), and for sets what was
     * added and removed.
     */
    public record AttributeChange(String attribute, List<String> before, List<String> after, List<String> added,
            List<String> removed) {

        public boolean single() {
            return SINGLE.contains(attribute);
        }
    }

    public PolicyDiff {
        changes = List.copyOf(changes);
    }

    public boolean empty() {
        return changes.isEmpty();
    }

    public List<String> ids(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).map(RuleChange::rule).toList();
    }

    public static PolicyDiff between(AccessPolicy from, AccessPolicy to) {
        Map<String, AccessRule> before = byId(from.rules());
        Map<String, AccessRule> after = byId(to.rules());
        List<RuleChange> changes = new ArrayList<>();
        for (AccessRule rule : to.rules()) {
            AccessRule old = before.get(rule.id());
            if (old == null) {
                changes.add(new RuleChange(rule.id(), Kind.ADDED, attributes(null, rule)));
            } else if (!old.equals(rule)) {
                changes.add(new RuleChange(rule.id(), Kind.CHANGED, attributes(old, rule)));
            }
        }
        for (AccessRule rule : from.rules()) {
            if (!after.containsKey(rule.id())) {
                changes.add(new RuleChange(rule.id(), Kind.REMOVED, attributes(rule, null)));
            }
        }
        return new PolicyDiff(from.version(), to.version(), changes);
    }

    private static Map<String, AccessRule> byId(List<AccessRule> rules) {
        Map<String, AccessRule> map = new LinkedHashMap<>();
        rules.forEach(r -> map.put(r.id(), r));
        return map;
    }

    private static List<AttributeChange> attributes(@Nullable AccessRule before, @Nullable AccessRule after) {
        List<AttributeChange> list = new ArrayList<>();
        add(list, "relation", before, after, r -> List.of(r.relation().name()));
        add(list, "roles", before, after, r -> names(r.roles()));
        add(list, "actions", before, after, r -> names(r.actions()));
        add(list, "show", before, after, r -> r.show() == null ? List.of() : List.of(r.show().name()));
        add(list, "mask", before, after, r -> r.mask() == null ? List.of() : List.of(r.mask().name()));
        add(list, "reveal", before, after, r -> r.reveal() == null ? List.of() : List.of(r.reveal().name()));
        add(list, "purposes", before, after, r -> List.copyOf(new TreeSet<>(r.purposes())));
        add(list, "sensitivePurposes", before, after, r -> List.copyOf(new TreeSet<>(r.sensitivePurposes())));
        add(list, "review", before, after, r -> List.of(Boolean.toString(r.review())));
        return list;
    }

    private static void add(List<AttributeChange> list, String attribute, @Nullable AccessRule before,
            @Nullable AccessRule after, Function<AccessRule, List<String>> values) {
        List<String> was = before == null ? List.of() : values.apply(before);
        List<String> is = after == null ? List.of() : values.apply(after);
        if (Objects.equals(was, is)) {
            return;
        }
        list.add(new AttributeChange(attribute, was, is, is.stream().filter(v -> !was.contains(v)).toList(),
                was.stream().filter(v -> !is.contains(v)).toList()));
    }

    private static List<String> names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().toList();
    }
}
