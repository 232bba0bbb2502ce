package io.custos.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.consent.Purposes;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.shared.ShortLivedCopies;
import io.custos.shared.ShortLivedCopy;

/**
 * The versions of the access policy. Every decision uses the current version, kept in the Caffeine
 * cache {@code access-policy} for {@link ShortLivedCopy#REFRESH}, so an edit on another node takes
 * effect within that time and one on this node at once (never kept while uncommitted). Only the security administrator edits;
 * an edit is a whole new version with a reason, audited with what changed.
 */
@Service
public class AccessPolicies {

    private static final int MAX_RULES = 100;

    private final JdbcClient jdbc;
    private final Purposes purposes;
    private final AccessAudit audit;
    private final Clock clock;
    private final ShortLivedCopy<AccessPolicy> copy;

    AccessPolicies(JdbcClient jdbc, Purposes purposes, AccessAudit audit, Clock clock, ShortLivedCopies copies) {
        this.jdbc = jdbc;
        this.purposes = purposes;
        this.audit = audit;
        this.clock = clock;
        this.copy = copies.of("access-policy", this::latest);
    }

    /** The policy in force. */
    public AccessPolicy current() {
        return copy.get();
    }

    private AccessPolicy latest() {
        int latest = jdbc.sql("select max(version) from access_policy").query(Integer.class).single();
        return load(latest).orElseThrow(() -> new IllegalStateException("The access policy has no version " + latest));
    }

    public java.util.Optional<AccessPolicy> version(int version) {
        return load(version);
    }

    /** The version that was in force at a time: the last one created by then (the first one before it existed). */
    public AccessPolicy at(Instant time) {
        Integer version = jdbc.sql("select max(version) from access_policy where created_at <= ?")
                .param(java.sql.Timestamp.from(time)).query(Integer.class).optional().orElse(null);
        return load(version == null ? 1 : version).orElseThrow();
    }

    /** Summaries of every version, newest first. */
    public record VersionSummary(int version, Instant createdAt, String createdBy, String reason, int rules) {
    }

    public List<VersionSummary> versions() {
        return jdbc.sql("select p.version, p.created_at, p.created_by, p.reason, "
                        + "(select count(*) from access_rule r where r.version = p.version) "
                        + "from access_policy p order by p.version desc")
                .query((rs, n) -> new VersionSummary(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getInt(5)))
                .list();
    }

    /**
     * Makes {@code rules} the next version. Purposes must be known; the reason is required.
     *
     * @param expectedVersion the version the editor started from; another edit since answers 409
     *        {@code access-policy-changed} instead of silently overwriting it
     *
     * @throws DomainException 422 {@code access-rule-invalid}, {@code purpose-unknown}, {@code policy-reason-required}
     */
    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public AccessPolicy replace(List<AccessRule> rules, String reason, @Nullable Integer expectedVersion, CustosUser by) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw DomainException.unprocessable("policy-reason-required", Map.of("field", "reason"));
        }
        if (rules.size() > MAX_RULES) {
            throw AccessRule.invalid("rules");
        }
        Set<String> used = new TreeSet<>();
        rules.forEach(r -> used.addAll(r.purposes()));
        purposes.require(used);
        // The latest version's row is locked: two editors cannot both make version n + 1.
        int latest = jdbc.sql("select version from access_policy where version = (select max(version) from access_policy) "
                + "for update").query(Integer.class).single();
        if (expectedVersion != null && expectedVersion != latest) {
            throw DomainException.conflict("access-policy-changed");
        }
        AccessPolicy before = load(latest).orElseThrow();
        int version = latest + 1;
        // Validates ids, levels and duplicates before anything is written.
        AccessPolicy next = new AccessPolicy(version, clock.instant(), by.username(), reason.strip(), rules);
        // From here until the commit, nothing this node reads of the policy is kept.
        copy.changed();
        jdbc.sql("insert into access_policy (version, created_at, created_by, reason) values (?, ?, ?, ?)")
                .params(version, java.sql.Timestamp.from(next.createdAt()), next.createdBy(), next.reason()).update();
        int position = 0;
        for (AccessRule rule : rules) {
            position += 10;
            jdbc.sql("insert into access_rule (version, rule_id, position, relation, roles, actions, show_level, "
                            + "mask_level, reveal_level, purposes, sensitive_purposes, review) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(version, rule.id(), position, rule.relation().name(), join(rule.roles()),
                            join(rule.actions()), name(rule.show()), name(rule.mask()), name(rule.reveal()),
                            String.join(",", new TreeSet<>(rule.purposes())),
                            String.join(",", new TreeSet<>(rule.sensitivePurposes())), rule.review())
                    .update();
        }
        Map<String, AccessRule> old = new HashMap<>();
        before.rules().forEach(r -> old.put(r.id(), r));
        Map<String, AccessRule> now = new LinkedHashMap<>();
        rules.forEach(r -> now.put(r.id(), r));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("previousVersion", before.version());
        details.put("added", now.keySet().stream().filter(id -> !old.containsKey(id)).sorted().toList());
        details.put("removed", old.keySet().stream().filter(id -> !now.containsKey(id)).sorted().toList());
        details.put("changed", now.keySet().stream().filter(id -> old.containsKey(id) && !old.get(id).equals(now.get(id)))
                .sorted().toList());
        audit.record(AuditCategory.SECURITY, "access.policy.changed", "access-policy", "v" + version, details);
        return next;
    }

    private java.util.Optional<AccessPolicy> load(int version) {
        return jdbc.sql("select version, created_at, created_by, reason from access_policy where version = ?")
                .param(version)
                .query((rs, n) -> new AccessPolicy(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rules(version)))
                .optional();
    }

    private List<AccessRule> rules(int version) {
        List<AccessRule> rules = new ArrayList<>();
        jdbc.sql("select rule_id, relation, roles, actions, show_level, mask_level, reveal_level, purposes, "
                        + "sensitive_purposes, review from access_rule where version = ? order by position, rule_id")
                .param(version)
                .query(rs -> {
                    rules.add(new AccessRule(rs.getString(1), RuleRelation.valueOf(rs.getString(2)),
                            codes(rs.getString(3), Role.class), codes(rs.getString(4), AccessAction.class),
                            level(rs.getString(5)), level(rs.getString(6)), level(rs.getString(7)),
                            list(rs.getString(8)), list(rs.getString(9)), rs.getBoolean(10)));
                });
        return rules;
    }

    private static <E extends Enum<E>> Set<E> codes(String joined, Class<E> type) {
        EnumSet<E> set = EnumSet.noneOf(type);
        list(joined).forEach(code -> set.add(Enum.valueOf(type, code)));
        return set;
    }

    private static Set<String> list(@Nullable String joined) {
        if (joined == null || joined.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static @Nullable Sensitivity level(@Nullable String level) {
        return level == null ? null : Sensitivity.valueOf(level);
    }

    private static @Nullable String name(@Nullable Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String join(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

}
