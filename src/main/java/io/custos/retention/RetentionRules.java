package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.FieldRef;
import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * Retention rules as versions (issue 16.1, R-DEL-1): the administration department proposes a new
 * set with a reason, a security administrator other than the proposer approves or rejects it, and
 * the approved set replaces the one in force. A version is never edited, so what a sweep or a batch
 * applied can always be shown. A legal minimum may keep only L1 business facts: a rule cannot be
 * used to keep personal data beyond its period.
 */
@Service
@Transactional
public class RetentionRules {

    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    /** Longer than any Chinese statutory period for business records (accounting: 30 years at most). */
    static final Period MAX_PERIOD = Period.ofYears(30);

    private final JdbcClient jdbc;
    private final Subjects subjects;
    private final RetentionAudit audit;
    private final Clock clock;

    RetentionRules(JdbcClient jdbc, Subjects subjects, RetentionAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    /** A rule as proposed: codes and texts still to be checked. */
    public record ProposedRule(@Nullable String code, @Nullable RuleKind kind, @Nullable String period,
            @Nullable List<String> fields) {
    }

    public enum Decision {
        APPROVE, REJECT
    }

    @Transactional(readOnly = true)
    public RetentionRuleSet inForce() {
        return jdbc.sql("select version from retention_rule_set where status = 'IN_FORCE'").query(Integer.class)
                .optional().flatMap(this::version)
                .orElseThrow(() -> new IllegalStateException("No retention rule set is in force"));
    }

    @Transactional(readOnly = true)
    public Optional<RetentionRuleSet> version(int version) {
        return jdbc.sql("select version, status, reason, proposed_by, proposed_at, decided_by, decided_at, "
                + "decision_reason from retention_rule_set where version = ?").param(version)
                .query((rs, n) -> new RetentionRuleSet(rs.getInt(1), RuleSetStatus.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, UUID.class), instant(rs.getObject(7, OffsetDateTime.class)), rs.getString(8),
                        rules(rs.getInt(1))))
                .optional();
    }

    /** Every version, newest first. */
    @Transactional(readOnly = true)
    public List<RetentionRuleSet> versions() {
        return jdbc.sql("select version from retention_rule_set order by version desc").query(Integer.class).list()
                .stream().map(v -> version(v).orElseThrow()).toList();
    }

    @Transactional(readOnly = true)
    public Optional<RetentionRuleSet> pending() {
        return jdbc.sql("select version from retention_rule_set where status = 'PENDING'").query(Integer.class)
                .optional().flatMap(this::version);
    }

    /**
     * Proposes a new version; only one may wait at a time, so an approver never approves a set that
     * was silently replaced by another proposal.
     */
    public RetentionRuleSet propose(List<ProposedRule> proposed, @Nullable String reason, CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER)) {
            throw new DomainException("retention-rules-not-allowed", HttpStatus.FORBIDDEN);
        }
        String why = RetentionTexts.required(reason, "reason");
        List<RetentionRule> rules = check(proposed);
        if (pending().isPresent()) {
            throw DomainException.conflict("retention-rules-pending");
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from retention_rule_set").query(Integer.class)
                .single();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("insert into retention_rule_set (version, status, reason, proposed_by, proposed_at) "
                + "values (?, 'PENDING', ?, ?, ?)").params(version, why, by.id(), utc(now)).update();
        int position = 10;
        for (RetentionRule rule : rules) {
            jdbc.sql("insert into retention_rule (version, code, kind, period, fields, position) values (?, ?, ?, ?, ?, ?)")
                    .params(version, rule.code(), rule.kind().name(), rule.periodText(),
                            rule.fields().isEmpty() ? null : String.join(",", rule.fields()), position)
                    .update();
            position += 10;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("ruleCount", rules.size());
        details.put("reasonDigest", RetentionAudit.digest(why));
        audit.administration("retention.rules.proposed", RetentionAudit.RULES, "v" + version, details);
        return version(version).orElseThrow();
    }

    /** A security administrator's decision; the proposer never decides their own proposal. */
    public RetentionRuleSet decide(int version, Decision decision, @Nullable String reason, CustosUser by) {
        RetentionRuleSet set = version(version).orElseThrow(DomainException::notFound);
        if (!by.hasRole(Role.SECURITY_ADMIN)) {
            throw new DomainException("retention-rules-not-allowed", HttpStatus.FORBIDDEN);
        }
        if (set.status() != RuleSetStatus.PENDING) {
            throw DomainException.conflict("retention-rules-not-pending");
        }
        if (by.id().equals(set.proposedBy())) {
            throw new DomainException("retention-rules-own-proposal", HttpStatus.FORBIDDEN);
        }
        String why = decision == Decision.REJECT ? RetentionTexts.required(reason, "reason")
                : RetentionTexts.optional(reason, "reason", RetentionTexts.MAX_TEXT);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (decision == Decision.APPROVE) {
            jdbc.sql("update retention_rule_set set status = 'SUPERSEDED' where status = 'IN_FORCE'").update();
        }
        int moved = jdbc.sql("update retention_rule_set set status = ?, decided_by = ?, decided_at = ?, "
                + "decision_reason = ? where version = ? and status = 'PENDING'")
                .params(decision == Decision.APPROVE ? "IN_FORCE" : "REJECTED", by.id(), utc(now), why, version)
                .update();
        if (moved != 1) {
            throw DomainException.conflict("retention-rules-not-pending");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        if (why != null) {
            details.put("reasonDigest", RetentionAudit.digest(why));
        }
        audit.administration(decision == Decision.APPROVE ? "retention.rules.approved" : "retention.rules.rejected",
                RetentionAudit.RULES, "v" + version, details);
        return version(version).orElseThrow();
    }

    /** The proposer takes a pending version back. */
    public RetentionRuleSet withdraw(int version, CustosUser by) {
        RetentionRuleSet set = version(version).orElseThrow(DomainException::notFound);
        if (!by.id().equals(set.proposedBy())) {
            throw new DomainException("retention-rules-not-allowed", HttpStatus.FORBIDDEN);
        }
        int moved = jdbc.sql("update retention_rule_set set status = 'WITHDRAWN' where version = ? and status = 'PENDING'")
                .param(version).update();
        if (moved != 1) {
            throw DomainException.conflict("retention-rules-not-pending");
        }
        audit.administration("retention.rules.withdrawn", RetentionAudit.RULES, "v" + version, Map.of("version", version));
        return version(version).orElseThrow();
    }

    List<RetentionRule> check(@Nullable List<ProposedRule> proposed) {
        if (proposed == null || proposed.isEmpty()) {
            throw DomainException.unprocessable("retention-rules-empty", Map.of("field", "rules"));
        }
        Map<String, Sensitivity> levels = new LinkedHashMap<>();
        for (FieldRef field : subjects.fields()) {
            levels.put(field.key(), field.level());
        }
        Set<String> codes = new HashSet<>();
        Set<RuleKind> kinds = EnumSet.noneOf(RuleKind.class);
        List<RetentionRule> rules = new ArrayList<>();
        for (int i = 0; i < proposed.size(); i++) {
            ProposedRule rule = proposed.get(i);
            String at = "rules[" + i + "]";
            if (rule.code() == null || !CODE.matcher(rule.code()).matches()) {
                throw DomainException.unprocessable("retention-rule-code-invalid", Map.of("field", at + ".code"));
            }
            if (!codes.add(rule.code())) {
                throw DomainException.unprocessable("retention-rule-code-duplicate", Map.of("field", at + ".code"));
            }
            if (rule.kind() == null) {
                throw DomainException.unprocessable("retention-rule-kind-required", Map.of("field", at + ".kind"));
            }
            if (rule.kind().measuresDue() && !kinds.add(rule.kind())) {
                throw DomainException.unprocessable("retention-rule-kind-duplicate", Map.of("field", at + ".kind"));
            }
            Period period = period(rule.period(), at + ".period");
            List<String> fields = List.of();
            if (rule.kind() == RuleKind.LEGAL_MINIMUM) {
                fields = rule.fields() == null ? List.of() : rule.fields().stream().map(String::strip)
                        .filter(f -> !f.isEmpty()).distinct().toList();
                if (fields.isEmpty()) {
                    throw DomainException.unprocessable("retention-rule-fields-required", Map.of("field", at + ".fields"));
                }
                for (String field : fields) {
                    if (levels.get(field) != Sensitivity.L1) {
                        // Kept facts outlive the person: only public business facts may, never contact or identity data.
                        throw DomainException.unprocessable("retention-rule-fields-not-public",
                                Map.of("field", at + ".fields"));
                    }
                }
            } else if (rule.fields() != null && !rule.fields().isEmpty()) {
                throw DomainException.unprocessable("retention-rule-fields-unexpected", Map.of("field", at + ".fields"));
            }
            rules.add(new RetentionRule(rule.code(), rule.kind(), period, fields));
        }
        return rules;
    }

    static Period period(@Nullable String text, String field) {
        Period period;
        try {
            period = text == null ? null : Period.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException e) {
            period = null;
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw DomainException.unprocessable("retention-rule-period-invalid", Map.of("field", field));
        }
        if (period.toTotalMonths() * 31 + period.getDays() > MAX_PERIOD.toTotalMonths() * 31) {
            throw DomainException.unprocessable("retention-rule-period-invalid", Map.of("field", field));
        }
        return period;
    }

    private List<RetentionRule> rules(int version) {
        return jdbc.sql("select code, kind, period, fields from retention_rule where version = ? order by position")
                .param(version)
                .query((rs, n) -> new RetentionRule(rs.getString(1), RuleKind.valueOf(rs.getString(2)),
                        Period.parse(rs.getString(3)), rs.getString(4) == null ? List.of()
                                : Arrays.asList(rs.getString(4).split(","))))
                .list();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
