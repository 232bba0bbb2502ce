package io.custos.monitoring;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring rules as versioned sets (issue 21.1). A security administrator proposes a complete
 * set; another security administrator or an auditor approves it, and from then it is in force; the
 * proposer never approves (also a database check). So nobody quietly switches off the rule that
 * would catch them or raises a threshold above what they are about to do: the change waits for a
 * second person, who sees it side by side with the set in force, and the audit log keeps both.
 * The first start approves {@link RuleKind#defaults()}, proposed by nobody.
 */
@Service
public class MonitoringRules {

    static final String TARGET = "monitoring-rules";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<RuleSettings>> SETTINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    MonitoringRules(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Where a set stands. */
    public enum Status {
        PROPOSED, APPROVED, REJECTED, WITHDRAWN
    }

    /** One version of the rules: who proposed it, who decided, and the rules in {@link RuleKind} order. */
    public record RuleSet(int version, Status status, List<RuleSettings> rules, @Nullable UUID proposedBy,
            Instant proposedAt, @Nullable UUID decidedBy, @Nullable Instant decidedAt) {

        public RuleSet {
            rules = List.copyOf(rules);
        }

        public RuleSettings rule(RuleKind kind) {
            return rules.stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
        }
    }

    /** The set in force: the newest approved one (the defaults, approved at the first start). */
    @Transactional
    public RuleSet inForce() {
        RuleSet approved = newest(Status.APPROVED);
        if (approved != null) {
            return approved;
        }
        try {
            jdbc.sql("insert into monitoring_rule_set (version, status, rules, proposed_at, decided_at) "
                    + "values (1, 'APPROVED', ?, ?, ?)").params(JSON.writeValueAsString(defaults()), now(), now())
                    .update();
        } catch (DuplicateKeyException anotherNodeFirst) {
            // Another node approved the defaults at the same moment: theirs is the same set.
        }
        return Objects.requireNonNull(newest(Status.APPROVED));
    }

    /** The proposal waiting for a decision, if there is one. */
    @Transactional(readOnly = true)
    public @Nullable RuleSet pending() {
        RuleSet proposed = newest(Status.PROPOSED);
        RuleSet approved = newest(Status.APPROVED);
        return proposed != null && (approved == null || proposed.version() > approved.version()) ? proposed : null;
    }

    /** Every version, newest first. */
    @Transactional(readOnly = true)
    public List<RuleSet> history() {
        return jdbc.sql("select " + COLUMNS + " from monitoring_rule_set order by version desc").query(this::map).list();
    }

    /**
     * Proposes a complete set (every kind once); SECURITY_ADMIN only, one proposal at a time.
     *
     * @throws DomainException 403 for anyone else, 409 {@code monitoring-rules-pending} while another
     *         waits, 422 {@code monitoring-rules-incomplete} when a kind is missing or repeated, 409
     *         {@code monitoring-rules-unchanged} when the set is the one in force
     */
    @Transactional
    public RuleSet propose(List<RuleSettings> rules, CustosUser by) {
        if (!by.hasRole(Role.SECURITY_ADMIN)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        List<RuleSettings> ordered = ordered(rules);
        RuleSet current = inForce();
        lockSets();
        if (pending() != null) {
            throw DomainException.conflict("monitoring-rules-pending");
        }
        if (current.rules().equals(ordered)) {
            throw DomainException.conflict("monitoring-rules-unchanged");
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from monitoring_rule_set").query(Integer.class)
                .single();
        jdbc.sql("insert into monitoring_rule_set (version, status, rules, proposed_by, proposed_at) "
                + "values (?, 'PROPOSED', ?, ?, ?)").params(version, JSON.writeValueAsString(ordered), by.id(), now())
                .update();
        record("monitoring.rules.proposed", version, changes(current, ordered));
        return Objects.requireNonNull(find(version));
    }

    /**
     * Approves the waiting proposal; another SECURITY_ADMIN or an AUDITOR, never its proposer.
     *
     * @throws DomainException 403 for anyone else or the proposer, 404 for no such version, 409
     *         {@code monitoring-rules-decided} for a version no longer waiting
     */
    @Transactional
    public RuleSet approve(int version, CustosUser by) {
        return decide(version, by, Status.APPROVED, "monitoring.rules.approved");
    }

    /** Rejects the waiting proposal; the same people as {@link #approve}. */
    @Transactional
    public RuleSet reject(int version, CustosUser by) {
        return decide(version, by, Status.REJECTED, "monitoring.rules.rejected");
    }

    /** The proposer takes the waiting proposal back. */
    @Transactional
    public RuleSet withdraw(int version, CustosUser by) {
        lockSets();
        RuleSet set = find(version);
        if (set == null || !by.id().equals(set.proposedBy())) {
            throw DomainException.notFound();
        }
        if (set.status() != Status.PROPOSED) {
            throw DomainException.conflict("monitoring-rules-decided");
        }
        jdbc.sql("update monitoring_rule_set set status = 'WITHDRAWN', decided_by = null, decided_at = ? "
                + "where version = ? and status = 'PROPOSED'").params(now(), version).update();
        record("monitoring.rules.withdrawn", version, Map.of());
        return Objects.requireNonNull(find(version));
    }

    /** Whether this person may see the rules, their history and tests (the deciders and the proposers). */
    public static boolean reads(CustosUser by) {
        return by.hasRole(Role.SECURITY_ADMIN) || by.hasRole(Role.AUDITOR);
    }

    /** Whether this person may approve or reject this set. */
    public static boolean decides(RuleSet set, CustosUser by) {
        return set.status() == Status.PROPOSED && !by.id().equals(set.proposedBy())
                && (by.hasRole(Role.SECURITY_ADMIN) || by.hasRole(Role.AUDITOR));
    }

    private RuleSet decide(int version, CustosUser by, Status to, String action) {
        if (!reads(by)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        lockSets();
        RuleSet set = find(version);
        if (set == null) {
            throw DomainException.notFound();
        }
        if (set.status() != Status.PROPOSED) {
            throw DomainException.conflict("monitoring-rules-decided");
        }
        if (!decides(set, by)) {
            throw new DomainException("monitoring-rules-own-proposal", HttpStatus.FORBIDDEN);
        }
        int changed = jdbc.sql("update monitoring_rule_set set status = ?, decided_by = ?, decided_at = ? "
                + "where version = ? and status = 'PROPOSED'").params(to.name(), by.id(), now(), version).update();
        if (changed != 1) {
            throw DomainException.conflict("monitoring-rules-decided");
        }
        record(action, version, Map.of());
        return Objects.requireNonNull(find(version));
    }

    /** Serialises the changes of the sets: two people deciding, or proposing, at once, queue here. */
    private void lockSets() {
        jdbc.sql("select id from monitoring_state where id = 1 for update").query(Integer.class).list();
    }

    /** The rule kinds whose settings differ from the set in force, for the audit event. */
    private static Map<String, Object> changes(RuleSet current, List<RuleSettings> proposed) {
        List<String> changed = new ArrayList<>();
        for (RuleSettings rule : proposed) {
            if (!rule.equals(current.rule(rule.kind()))) {
                changed.add(rule.kind().name());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changed", changed);
        details.put("replaces", current.version());
        return details;
    }

    static List<RuleSettings> defaults() {
        return Arrays.stream(RuleKind.values()).map(RuleKind::defaults).toList();
    }

    /** The set in {@link RuleKind} order. @throws DomainException 422 unless every kind is there once */
    static List<RuleSettings> ordered(List<RuleSettings> rules) {
        Set<RuleKind> seen = EnumSet.noneOf(RuleKind.class);
        for (RuleSettings rule : rules) {
            if (rule == null || !seen.add(rule.kind())) {
                throw DomainException.unprocessable("monitoring-rules-incomplete", Map.of("field", "rules"));
            }
        }
        if (seen.size() != RuleKind.values().length) {
            throw DomainException.unprocessable("monitoring-rules-incomplete", Map.of("field", "rules"));
        }
        return rules.stream().sorted(java.util.Comparator.comparing(RuleSettings::kind)).toList();
    }

    private static final String COLUMNS = "version, status, rules, proposed_by, proposed_at, decided_by, decided_at";

    @Nullable RuleSet find(int version) {
        return jdbc.sql("select " + COLUMNS + " from monitoring_rule_set where version = ?").param(version)
                .query(this::map).optional().orElse(null);
    }

    private @Nullable RuleSet newest(Status status) {
        return jdbc.sql("select " + COLUMNS + " from monitoring_rule_set where status = ? order by version desc "
                + "fetch first 1 rows only").param(status.name()).query(this::map).optional().orElse(null);
    }

    private RuleSet map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        OffsetDateTime decided = rs.getObject(7, OffsetDateTime.class);
        return new RuleSet(rs.getInt(1), Status.valueOf(rs.getString(2)), JSON.readValue(rs.getString(3), SETTINGS),
                rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getObject(6, UUID.class), decided == null ? null : decided.toInstant());
    }

    private void record(String action, int version, Map<String, Object> details) {
        // A target id is an identifier (it starts with a letter): the bare number was refused.
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, action, AuditOutcome.ALLOWED)
                .target(TARGET, "v" + version);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
