package io.custos.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEntry;
import io.custos.audit.AuditSearch;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;

/**
 * "Why could X see field F of customer C at time T?" (issue: Explain). Two answers: what was
 * decided, read back from the audit event of X's last access to C up to T (the rule and policy
 * version it recorded); and what the policy in force at T decides for X today, from X's roles and
 * C's consent now, so a question about a time with no recorded access still gets an answer.
 */
@Service
public class AccessExplanations {

    private static final int TRAIL = 200;

    private final AuditSearch auditSearch;
    private final AccessPolicies policies;
    private final AccessDecisions decisions;
    private final Subjects subjects;
    private final Employees employees;
    private final AccessAudit audit;
    private final JdbcClient jdbc;

    AccessExplanations(AuditSearch auditSearch, AccessPolicies policies, AccessDecisions decisions, Subjects subjects,
            Employees employees, AccessAudit audit, JdbcClient jdbc) {
        this.auditSearch = auditSearch;
        this.policies = policies;
        this.decisions = decisions;
        this.subjects = subjects;
        this.employees = employees;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** What an audit event recorded about the field. */
    public record Recorded(UUID eventId, Instant at, String action, FieldOutcome outcome, @Nullable String rule,
            @Nullable String reason, @Nullable Integer policyVersion, @Nullable String purpose) {
    }

    /** What the policy in force at the time decides for a view and, with the recorded purpose, a reveal. */
    public record Evaluated(int policyVersion, FieldDecision view, @Nullable FieldDecision reveal) {
    }

    public record Explanation(String employee, UUID customerId, String field, Instant at, @Nullable Recorded recorded,
            Evaluated evaluated) {
    }

    @Transactional
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    public Explanation explain(String username, UUID customerId, String field, Instant at, CustosUser by) {
        EmployeeView person = employees.byUsername(username.strip())
                .orElseThrow(() -> DomainException.unprocessable("employee-unknown", Map.of("field", "employee")));
        Subject subject = subjects.find(customerId).orElseThrow(DomainException::notFound);
        FieldRef ref = subjects.fields().stream().filter(f -> f.key().equals(field)).findFirst()
                .orElseThrow(() -> DomainException.unprocessable("field-unknown", Map.of("field", "field")));
        Recorded recorded = recorded(person.id(), customerId, field, at);
        AccessPolicy policy = policies.at(at);
        CustosUser asThen = new CustosUser(person.id(), person.username(), person.displayName(), person.departmentId(),
                person.roles(), person.status());
        boolean breakGlass = openAt(person.id(), customerId, at);
        FieldDecision view = decisions.decideAt(policy, asThen, subject, AccessAction.VIEW, null, List.of(ref),
                breakGlass).fields().get(field);
        FieldDecision reveal = null;
        String purpose = recorded == null ? null : recorded.purpose();
        if (purpose != null) {
            reveal = decisions.decideAt(policy, asThen, subject, AccessAction.REVEAL, purpose, List.of(ref), breakGlass)
                    .fields().get(field);
        }
        audit.record(AuditCategory.SECURITY, "access.decision.explained", "customer", customerId,
                Map.of("employee", person.id(), "field", field, "policyVersion", policy.version(),
                        "recorded", recorded != null));
        return new Explanation(person.username(), customerId, field, at, recorded,
                new Evaluated(policy.version(), Objects.requireNonNull(view), reveal));
    }

    private @Nullable Recorded recorded(UUID employee, UUID customerId, String field, Instant at) {
        for (AuditEntry entry : auditSearch.trail(employee, "customer", customerId.toString(), at, TRAIL)) {
            Optional<Recorded> found = read(entry, field);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    /** Reads the field's decision back from an event written with {@link AccessDecision#auditDetails()} or a reveal event. */
    static Optional<Recorded> read(AuditEntry entry, String field) {
        Map<String, Object> details = entry.details();
        Integer version = details.get("policyVersion") instanceof Number n ? n.intValue() : null;
        if (field.equals(details.get("field"))) {
            FieldOutcome outcome = entry.outcome() == io.custos.audit.AuditOutcome.ALLOWED ? FieldOutcome.SHOW
                    : FieldOutcome.DENY;
            return Optional.of(new Recorded(entry.eventId(), entry.at(), entry.action(), outcome,
                    string(details.get("rule")), string(details.get("reason")), version, entry.purpose()));
        }
        FieldOutcome outcome = contains(details.get("shown"), field) ? FieldOutcome.SHOW
                : contains(details.get("masked"), field) ? FieldOutcome.MASK
                : contains(details.get("denied"), field) ? FieldOutcome.DENY : null;
        if (outcome == null || version == null) {
            return Optional.empty();
        }
        return Optional.of(new Recorded(entry.eventId(), entry.at(), entry.action(), outcome,
                pair(details.get("rules"), field), pair(details.get("reasons"), field), version, entry.purpose()));
    }

    private static boolean contains(@Nullable Object list, String field) {
        return list instanceof List<?> values && values.contains(field);
    }

    private static @Nullable String pair(@Nullable Object list, String field) {
        if (list instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String s && s.startsWith(field + ":")) {
                    return s.substring(field.length() + 1);
                }
            }
        }
        return null;
    }

    private static @Nullable String string(@Nullable Object value) {
        return value == null ? null : value.toString();
    }

    private boolean openAt(UUID employee, UUID customerId, Instant at) {
        java.sql.Timestamp t = java.sql.Timestamp.from(at);
        return jdbc.sql("select count(*) from break_glass where employee_id = ? and customer_id = ? and requested_at <= ? "
                + "and expires_at > ?").params(employee, customerId, t, t).query(Long.class).single() > 0;
    }
}
