package io.custos.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
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
 * cache {@code access-policy} for {@link ShortLivedCopy#REFRESH}, so an approval on another node
 * takes effect within that time and one on this node at once (never kept while uncommitted). Only
 * the security administrator proposes a version (a whole new version with a reason, a draft); it is
 * in force only once management or the administration officer, never its author, approves it
 * (issue 13.3). Every step is audited with what changes.
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

    /** Where a version stands: a draft awaits a second person; only a published version is ever in force. */
    public enum Status { DRAFT, PUBLISHED, REJECTED, WITHDRAWN }

    /** The policy in force: the latest published version. */
    public AccessPolicy current() {
        return copy.get();
    }

    private AccessPolicy latest() {
        int latest = jdbc.sql("select max(version) from access_policy where status = 'PUBLISHED'").query(Integer.class)
                .single();
        return load(latest).orElseThrow(() -> new IllegalStateException("The access policy has no version " + latest));
    }

    public java.util.Optional<AccessPolicy> version(int version) {
        return load(version);
    }

    /** The version that was in force at a time: the last one published by then (the first one before it existed). */
    public AccessPolicy at(Instant time) {
        Integer version = jdbc.sql("select max(version) from access_policy where status = 'PUBLISHED' and decided_at <= ?")
                .param(java.sql.Timestamp.from(time)).query(Integer.class).optional().orElse(null);
        return load(version == null ? 1 : version).orElseThrow();
    }

    /**
     * One version as lists show it.
     *
     * @param decidedAt when it was published (in force from then), rejected or withdrawn; null for a draft
     */
    public record VersionSummary(int version, Instant createdAt, String createdBy, String reason, int rules,
            Status status, @Nullable Instant decidedAt, @Nullable String decidedBy, @Nullable String decisionReason) {
    }

    private static final String SUMMARY = "select p.version, p.created_at, p.created_by, p.reason, "
            + "(select count(*) from access_rule r where r.version = p.version), p.status, p.decided_at, p.decided_by, "
            + "p.decision_reason from access_policy p";

    public List<VersionSummary> versions() {
        return jdbc.sql(SUMMARY + " order by p.version desc").query((rs, n) -> summary(rs)).list();
    }

    public java.util.Optional<VersionSummary> summary(int version) {
        return jdbc.sql(SUMMARY + " where p.version = ?").param(version).query((rs, n) -> summary(rs)).optional();
    }

    /** The draft awaiting approval, if any (at most one: a new proposal withdraws the previous draft). */
    public java.util.Optional<VersionSummary> draft() {
        return jdbc.sql(SUMMARY + " where p.status = 'DRAFT' order by p.version desc").query((rs, n) -> summary(rs))
                .list().stream().findFirst();
    }

    /** What the security administrator edits: the pending draft, or the version in force when there is none. */
    public AccessPolicy working() {
        return draft().flatMap(d -> load(d.version())).orElseGet(this::current);
    }

    /** What {@code version} changes against the version in force. */
    public PolicyDiff diff(int version) {
        AccessPolicy proposed = load(version).orElseThrow(DomainException::notFound);
        return PolicyDiff.between(current(), proposed);
    }

    private static VersionSummary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp decided = rs.getTimestamp(7);
        return new VersionSummary(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getInt(5), Status.valueOf(rs.getString(6)), decided == null ? null : decided.toInstant(),
                rs.getString(8), rs.getString(9));
    }

    /**
     * Checks {@code rules} as {@link #replace} would, without writing anything (for the page that
     * asks for confirmation): purposes known, no role of separated duties, ids unique.
     *
     * @throws DomainException as {@link #replace}
     */
    public AccessPolicy check(List<AccessRule> rules, String reason, int version, CustosUser by) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw DomainException.unprocessable("policy-reason-required", Map.of("field", "reason"));
        }
        if (rules.size() > MAX_RULES) {
            throw AccessRule.invalid("rules");
        }
        Set<String> used = new TreeSet<>();
        rules.forEach(r -> used.addAll(r.purposes()));
        purposes.require(used);
        rules.forEach(AccessRule::requireNoSeparatedDuty);
        return new AccessPolicy(version, clock.instant(), by.username(), reason.strip(), rules);
    }

    /**
     * Proposes {@code rules} as the next version: a draft, in force only once a second person
     * approves it ({@link #approve}). A draft still pending is withdrawn by the new one.
     *
     * @param expectedVersion the version the editor started from (the pending draft, or the version
     *        in force); another edit since answers 409 {@code access-policy-changed} instead of
     *        silently overwriting it
     *
     * @throws DomainException 422 {@code access-rule-invalid}, {@code access-rule-role-forbidden},
     *         {@code purpose-unknown}, {@code policy-reason-required}
     */
    @Transactional
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public AccessPolicy replace(List<AccessRule> rules, String reason, @Nullable Integer expectedVersion, CustosUser by) {
        // The latest version's row is locked: two editors cannot both make version n + 1, and an
        // approval cannot cross a new proposal.
        int latest = lockLatest();
        AccessPolicy next = check(rules, reason, latest + 1, by);
        java.util.Optional<VersionSummary> pending = draft();
        int working = pending.map(VersionSummary::version).orElseGet(() -> current().version());
        if (expectedVersion != null && expectedVersion != working) {
            throw DomainException.conflict("access-policy-changed");
        }
        AccessPolicy inForce = current();
        pending.ifPresent(d -> jdbc.sql("update access_policy set status = 'WITHDRAWN', decided_at = ?, decided_by = ?, "
                        + "decided_by_id = ?, decision_reason = ? where version = ? and status = 'DRAFT'")
                .params(java.sql.Timestamp.from(next.createdAt()), by.username(), by.id(),
                        "Replaced by version " + next.version(), d.version())
                .update());
        int version = next.version();
        jdbc.sql("insert into access_policy (version, created_at, created_by, created_by_id, reason, status) "
                        + "values (?, ?, ?, ?, ?, 'DRAFT')")
                .params(version, java.sql.Timestamp.from(next.createdAt()), next.createdBy(), by.id(), next.reason())
                .update();
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
        Map<String, Object> details = changes(PolicyDiff.between(inForce, next));
        details.put("reasonDigest", digest(next.reason()));
        pending.ifPresent(d -> details.put("withdrawn", d.version()));
        audit.record(AuditCategory.SECURITY, "access.policy.proposed", "access-policy", "v" + version, details);
        return next;
    }

    /**
     * Puts a draft in force (issue 13.3): by management or the administration officer, never by the
     * person who proposed it, with a reason; audited with what changes.
     *
     * @throws DomainException 404 for no such version; 409 {@code access-policy-not-draft} once
     *         decided or withdrawn; 403 {@code own-policy-change} for its author;
     *         422 {@code policy-decision-reason-required}
     */
    @Transactional
    @PreAuthorize("hasAnyRole('MANAGEMENT', 'ADMIN_OFFICER')")
    public AccessPolicy approve(int version, String reason, CustosUser by) {
        String text = decisionReason(reason);
        AccessPolicy inForce = current();
        AccessPolicy draft = requireDecidable(version, by, "access.policy.approved");
        // From here until the commit, nothing this node reads of the policy is kept; after it, the
        // approved version is read at once.
        copy.changed();
        decide(version, Status.PUBLISHED, text, by);
        Map<String, Object> details = changes(PolicyDiff.between(inForce, draft));
        details.put("previousVersion", inForce.version());
        details.put("reasonDigest", digest(text));
        audit.record(AuditCategory.SECURITY, "access.policy.approved", "access-policy", "v" + version, details);
        return draft;
    }

    /**
     * Refuses a draft: it never takes effect. Same people and guards as {@link #approve}.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('MANAGEMENT', 'ADMIN_OFFICER')")
    public void reject(int version, String reason, CustosUser by) {
        String text = decisionReason(reason);
        requireDecidable(version, by, "access.policy.rejected");
        decide(version, Status.REJECTED, text, by);
        audit.record(AuditCategory.SECURITY, "access.policy.rejected", "access-policy", "v" + version,
                Map.of("reasonDigest", digest(text)));
    }

    /** Whether this person may approve or reject drafts at all (for pages and home tasks). */
    public static boolean mayDecide(Set<Role> roles) {
        return roles.contains(Role.MANAGEMENT) || roles.contains(Role.ADMIN_OFFICER);
    }

    /** Whether {@code employee} proposed this version (and so may not decide it). */
    public boolean authoredBy(int version, UUID employee) {
        return jdbc.sql("select count(*) from access_policy where version = ? and created_by_id = ?")
                .params(version, employee).query(Long.class).single() > 0;
    }

    private static String decisionReason(@Nullable String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw DomainException.unprocessable("policy-decision-reason-required", Map.of("field", "reason"));
        }
        return reason.strip();
    }

    private AccessPolicy requireDecidable(int version, CustosUser by, String auditAction) {
        lockLatest();
        VersionSummary summary = summary(version).orElseThrow(DomainException::notFound);
        if (summary.status() != Status.DRAFT) {
            throw DomainException.conflict("access-policy-not-draft");
        }
        if (authoredBy(version, by.id()) || summary.createdBy().equals(by.username())) {
            audit.refused(AuditCategory.SECURITY, auditAction, "access-policy", "v" + version,
                    Map.of("reason", "own-policy-change"));
            throw new DomainException("own-policy-change", org.springframework.http.HttpStatus.FORBIDDEN);
        }
        AccessPolicy draft = load(version).orElseThrow();
        // A rule written into the draft's rows behind the editor's back is refused here too.
        draft.rules().forEach(AccessRule::requireNoSeparatedDuty);
        return draft;
    }

    private void decide(int version, Status status, String reason, CustosUser by) {
        int updated = jdbc.sql("update access_policy set status = ?, decided_at = ?, decided_by = ?, decided_by_id = ?, "
                        + "decision_reason = ? where version = ? and status = 'DRAFT'")
                .params(status.name(), java.sql.Timestamp.from(clock.instant()), by.username(), by.id(), reason,
                        version)
                .update();
        if (updated != 1) {
            throw DomainException.conflict("access-policy-not-draft");
        }
    }

    private int lockLatest() {
        return jdbc.sql("select version from access_policy where version = (select max(version) from access_policy) "
                + "for update").query(Integer.class).single();
    }

    /**
     * The audit log takes no free text, so a reason is kept with its version and the event carries
     * its SHA-256: the sealed chain then shows whether the stored reason was altered afterwards.
     */
    static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Map<String, Object> changes(PolicyDiff diff) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", diff.toVersion());
        details.put("inForce", diff.fromVersion());
        details.put("added", diff.ids(PolicyDiff.Kind.ADDED).stream().sorted().toList());
        details.put("removed", diff.ids(PolicyDiff.Kind.REMOVED).stream().sorted().toList());
        details.put("changed", diff.ids(PolicyDiff.Kind.CHANGED).stream().sorted().toList());
        return details;
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
