package io.custos.access;

import java.time.Instant;
import java.util.EnumSet;
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
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentThen;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.training.GateAnswer;
import io.custos.training.TrainingGate;

/**
 * "Why could X see field F of customer C at time T?" (issue: Explain). Two answers: what was
 * decided, read back from the audit event of X's last access to C up to T (the rule and policy
 * version it recorded); and what the policy in force at T decides with the facts as they were at
 * T, so a question about a time with no recorded access still gets an answer. Each fact says
 * whether it was rebuilt from its history (consent ledger, agreement acceptances, course
 * assignments and passes, role and status changes in the audit log, identity's record of moves
 * between departments) or could not be: a department changed before identity kept its moves, an
 * assignment removed before training kept removals, a person with more changes than are read.
 */
@Service
public class AccessExplanations {

    private static final int TRAIL = 200;
    private static final int CHANGES = 500;
    static final String ROLES_CHANGED = "identity.employee.roles-changed";
    static final String STATUS_CHANGED = "identity.employee.status-changed";
    static final String UPDATED = "identity.employee.updated";
    static final String GRANT_APPROVED = "identity.role-grant.approved";

    private final AuditSearch auditSearch;
    private final AccessPolicies policies;
    private final AccessDecisions decisions;
    private final Subjects subjects;
    private final Employees employees;
    private final AccessAudit audit;
    private final JdbcClient jdbc;

    private final ConsentLedger consents;
    private final TrainingGate trainingGate;

    AccessExplanations(AuditSearch auditSearch, AccessPolicies policies, AccessDecisions decisions, Subjects subjects,
            Employees employees, AccessAudit audit, JdbcClient jdbc, ConsentLedger consents, TrainingGate trainingGate) {
        this.consents = consents;
        this.trainingGate = trainingGate;
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

    /** The facts an evaluation used, in the order shown. */
    public enum FactKind {
        ROLES, STATUS, DEPARTMENT, CONSENT, AGREEMENT, TRAINING
    }

    /**
     * @param historical true when rebuilt as it was at the time
     * @param historySince for a fact that is not, when its history begins, if it has one: the fact
     *        is then as it was at that later time (a department); null: as it is today, or, for
     *        training, without an assignment removed before removals were kept
     */
    public record Fact(FactKind fact, boolean historical, @Nullable Instant historySince) {
        public Fact(FactKind fact, boolean historical) {
            this(fact, historical, null);
        }
    }

    public record Explanation(String employee, UUID customerId, String field, Instant at, @Nullable Recorded recorded,
            Evaluated evaluated, List<Fact> facts) {
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
        Then then = then(person, at);
        ConsentState consent = consents.stateAt(customerId, at).orElse(null);
        TrainingGate.GateAt gate = trainingGate.checkAt(person.id(), then.user().roles(), then.user().departmentId(), at);
        boolean agreementAccepted = gate.answer().reason() != GateAnswer.Reason.AGREEMENT_MISSING;
        List<Fact> facts = List.of(new Fact(FactKind.ROLES, then.rolesKnown()),
                new Fact(FactKind.STATUS, then.statusKnown()),
                new Fact(FactKind.DEPARTMENT, then.departmentKnown(), then.departmentKnown() ? null
                        : then.departmentHistorySince()),
                new Fact(FactKind.CONSENT, true), new Fact(FactKind.AGREEMENT, true),
                new Fact(FactKind.TRAINING, !agreementAccepted || gate.complete()));
        boolean breakGlass = openAt(person.id(), customerId, at);
        FieldDecision view = decisions.decideAt(policy, then.user(), subject, AccessAction.VIEW, null, List.of(ref),
                breakGlass, consent, gate.answer(), at).fields().get(field);
        FieldDecision reveal = null;
        String purpose = recorded == null ? null : recorded.purpose();
        if (purpose != null) {
            reveal = decisions.decideAt(policy, then.user(), subject, AccessAction.REVEAL, purpose, List.of(ref),
                    breakGlass, consent, gate.answer(), at).fields().get(field);
        }
        audit.record(AuditCategory.SECURITY, "access.decision.explained", "customer", customerId,
                Map.of("employee", person.id(), "field", field, "policyVersion", policy.version(),
                        "recorded", recorded != null));
        return new Explanation(person.username(), customerId, field, at, recorded,
                new Evaluated(policy.version(), Objects.requireNonNull(view), reveal), facts);
    }

    private record Then(CustosUser user, boolean rolesKnown, boolean statusKnown, boolean departmentKnown,
            @Nullable Instant departmentHistorySince) {
    }

    /**
     * The person as they were at the instant: today's roles and status with every later change in
     * the audit log undone, newest first; the department from identity's record of moves. Before
     * that record began the audit log keeps only that a department changed, not from which: then
     * the department when the record began is used, and said so.
     */
    private Then then(EmployeeView person, Instant at) {
        List<AuditEntry> changes = auditSearch.changesSince("employee", person.id().toString(),
                List.of(ROLES_CHANGED, STATUS_CHANGED, UPDATED, GRANT_APPROVED), at, CHANGES);
        boolean complete = changes.size() < CHANGES;
        EnumSet<Role> roles = person.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(person.roles());
        EmployeeStatus status = person.status();
        DepartmentThen department = employees.departmentAt(person.id(), at);
        Instant recordSince = department.historySince();
        boolean departmentKnown = department.complete(at) || complete;
        boolean rolesKnown = complete;
        for (int i = changes.size() - 1; i >= 0; i--) {
            AuditEntry change = changes.get(i);
            Map<String, Object> details = change.details();
            switch (change.action()) {
                case ROLES_CHANGED -> {
                    List<Role> added = roles(details.get("added"));
                    List<Role> removed = roles(details.get("removed"));
                    if (added == null || removed == null) {
                        rolesKnown = false;
                    } else {
                        added.forEach(roles::remove);
                        roles.addAll(removed);
                    }
                }
                case STATUS_CHANGED -> status = status(details.get("from"), status);
                default -> {
                    // A move the record of moves missed: made before it began (or, for a person the
                    // application did not create, at any time). An approved grant may have moved them.
                    boolean unrecorded = !department.complete(at)
                            && (recordSince == null || !change.at().isAfter(recordSince));
                    boolean moved = change.action().equals(GRANT_APPROVED) ? details.get("department") != null
                            : details.get("fields") instanceof List<?> fields && fields.contains("departmentId");
                    if (unrecorded && moved) {
                        departmentKnown = false;
                    }
                }
            }
        }
        boolean statusKnown = complete;
        return new Then(new CustosUser(person.id(), person.username(), person.displayName(), department.departmentId(),
                roles, status), rolesKnown, statusKnown, departmentKnown, recordSince);
    }

    private static @Nullable List<Role> roles(@Nullable Object names) {
        if (!(names instanceof List<?> list)) {
            return null;
        }
        List<Role> roles = new java.util.ArrayList<>();
        for (Object name : list) {
            try {
                roles.add(Role.valueOf(String.valueOf(name)));
            } catch (IllegalArgumentException retired) {
                return null;
            }
        }
        return roles;
    }

    private static EmployeeStatus status(@Nullable Object name, EmployeeStatus otherwise) {
        try {
            return name == null ? otherwise : EmployeeStatus.valueOf(name.toString());
        } catch (IllegalArgumentException unknown) {
            return otherwise;
        }
    }

    /** The people to pick from, login name to display name, ordered by display name. */
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    public Map<String, String> people() {
        Map<String, String> people = new java.util.LinkedHashMap<>();
        employees.current().stream()
                .sorted(java.util.Comparator.comparing(EmployeeView::displayName, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(EmployeeView::username))
                .forEach(e -> people.put(e.username(), e.displayName()));
        return people;
    }

    /** Customers by company name (a public L1 value; never any other field), to pick one instead of pasting an id. */
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    public Map<UUID, String> customersNamed(String text) {
        return subjects.companiesNamed(text, 20);
    }

    /** The customer's company name while it is public, for the page to name whom it explains. */
    @PreAuthorize("hasAnyRole('SECURITY_ADMIN', 'AUDITOR')")
    public @Nullable String companyName(UUID customerId) {
        return subjects.companyNames(List.of(customerId)).get(customerId);
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
