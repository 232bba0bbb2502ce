package io.custos.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.MailOutbox;

/**
 * Emergency access and the review list (R-USE-6). A person the policy refuses may open a
 * break-glass access to one customer for an hour ({@code custos.access.break-glass-duration}) with a written
 * justification; the security administrators and the customer's department head are alerted at
 * once (home page and, where configured, e-mail), and the access stays on the review list until one
 * of them reviews it. Reveals under a rule that flags them (inspection) join the same list.
 */
@Service
public class AccessReviews {

    private static final Logger log = LoggerFactory.getLogger(AccessReviews.class);

    /**
     * The rule id under which reveals by a person on notice are flagged (R-EMP-5). Upper case, so it
     * can never be a policy rule's id ({@code [a-z][a-z0-9-]*}).
     */
    public static final String ON_NOTICE = "ON_NOTICE";
    static final int MIN_JUSTIFICATION = 20;
    static final int MAX_TEXT = 2000;

    private final JdbcClient jdbc;
    private final AccessPolicies policies;
    private final Employees employees;
    private final AccessAudit audit;
    private final MailOutbox mail;
    private final AccessProperties properties;
    private final Subjects subjects;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AccessReviews(JdbcClient jdbc, AccessPolicies policies, Employees employees, AccessAudit audit, MailOutbox mail,
            AccessProperties properties, Subjects subjects, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.subjects = subjects;
        this.jdbc = jdbc;
        this.policies = policies;
        this.employees = employees;
        this.audit = audit;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Opens an emergency access for {@code by} to the customer, or answers the one already open.
     * The customer module calls this once it has found the record (its owner and department).
     *
     * @throws DomainException 403 {@code break-glass-not-allowed} when no break-glass rule names one
     *         of the person's roles; 422 {@code justification-required} for fewer than
     *         {@value #MIN_JUSTIFICATION} characters
     */
    @Transactional
    public FlaggedAccess openBreakGlass(CustosUser by, Subject subject, String justification) {
        boolean allowed = by.status() != EmployeeStatus.DEPARTED && policies.current().rules().stream()
                .anyMatch(r -> r.relation() == RuleRelation.BREAK_GLASS && r.grants(by.roles()));
        if (!allowed) {
            audit.refused(AuditCategory.SECURITY, "access.break-glass.opened", "customer", subject.customerId(),
                    Map.of("reason", "break-glass-not-allowed"));
            throw new DomainException("break-glass-not-allowed", HttpStatus.FORBIDDEN);
        }
        String text = justification == null ? "" : justification.strip();
        if (text.length() < MIN_JUSTIFICATION || text.length() > MAX_TEXT) {
            throw DomainException.unprocessable("justification-required",
                    Map.of("field", "justification", "min", MIN_JUSTIFICATION, "max", MAX_TEXT), MIN_JUSTIFICATION,
                    MAX_TEXT);
        }
        Instant now = clock.instant();
        UUID open = jdbc.sql("select id from break_glass where employee_id = ? and customer_id = ? and expires_at > ?")
                .params(by.id(), subject.customerId(), java.sql.Timestamp.from(now)).query(UUID.class).optional()
                .orElse(null);
        if (open != null) {
            return find(open).orElseThrow();
        }
        UUID id = UUID.randomUUID();
        Instant until = now.plus(properties.breakGlassDuration());
        jdbc.sql("insert into break_glass (id, customer_id, department_id, employee_id, justification, requested_at, "
                        + "expires_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, subject.customerId(), subject.departmentId(), by.id(), text, java.sql.Timestamp.from(now),
                        java.sql.Timestamp.from(until))
                .update();
        audit.record(AuditCategory.SECURITY, "access.break-glass.opened", "customer", subject.customerId(),
                Map.of("breakGlass", id, "minutes", properties.breakGlassDuration().toMinutes(), "department",
                        subject.departmentId() == null ? "none" : subject.departmentId()));
        log.warn("Break-glass access {} opened by employee {} for customer {} until {}", id, by.id(),
                subject.customerId(), until);
        alert(subject, by);
        return find(id).orElseThrow();
    }

    /**
     * Puts reveals made under a flagging rule on the review list, in the reveal's transaction.
     *
     * @param rule the flagging rule's id, or {@link #ON_NOTICE} for every reveal by a person on notice
     * @param fields the fields revealed under that rule
     */
    @Transactional
    public void flagReveal(CustosUser by, Subject subject, String rule, int policyVersion, String purpose,
            List<String> fields) {
        jdbc.sql("insert into access_review (id, customer_id, department_id, employee_id, rule_id, policy_version, "
                        + "purpose, fields, revealed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), subject.customerId(), subject.departmentId(), by.id(), rule, policyVersion,
                        purpose, String.join(",", fields), java.sql.Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * The review list this person may work on: everything for a security administrator, their
     * department's for a department head, never their own; open items first, then the reviewed
     * ones of the last 90 days.
     */
    @Transactional(readOnly = true)
    public List<FlaggedAccess> list(CustosUser by, boolean includeReviewed) {
        Scope scope = requireReviewer(by, "access.reviews.listed");
        List<FlaggedAccess> all = new ArrayList<>();
        // Nobody is shown their own access to review (issue 14.3): someone else reviews it.
        String filter = " and employee_id <> ?" + (scope.department() == null ? "" : " and department_id = ?")
                + (includeReviewed ? " and (reviewed_at is null or reviewed_at > ?)" : " and reviewed_at is null");
        List<Object> params = new ArrayList<>();
        params.add(by.id());
        if (scope.department() != null) {
            params.add(scope.department());
        }
        if (includeReviewed) {
            params.add(java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(90))));
        }
        List<FlaggedAccess> emergencies = jdbc.sql("select " + BREAK_GLASS_COLUMNS + " from break_glass where 1 = 1"
                + filter).params(params).query((rs, n) -> breakGlass(rs)).list();
        List<FlaggedAccess> reveals = jdbc.sql("select " + REVEAL_COLUMNS + " from access_review where 1 = 1" + filter
                + " order by revealed_at").params(params).query((rs, n) -> reveal(rs)).list();
        all.addAll(grouped(emergencies, reveals));
        all.sort(Comparator.comparing((FlaggedAccess f) -> f.reviewedAt() != null)
                .thenComparing(FlaggedAccess::at, Comparator.reverseOrder()));
        return all;
    }

    /**
     * Unreviewed emergency accesses and flagged reveals made BY this person, as the review list
     * groups them, newest first: a handover waits until someone has reviewed them (R-EMP-5), since
     * once the person is gone nobody can be asked about them. Not scoped to a reviewer: the
     * handover decides who sees its items.
     */
    @Transactional(readOnly = true)
    public List<FlaggedAccess> openItemsOf(UUID employeeId) {
        List<FlaggedAccess> emergencies = jdbc.sql("select " + BREAK_GLASS_COLUMNS + " from break_glass "
                + "where employee_id = ? and reviewed_at is null").param(employeeId)
                .query((rs, n) -> breakGlass(rs)).list();
        List<FlaggedAccess> reveals = jdbc.sql("select " + REVEAL_COLUMNS + " from access_review "
                + "where employee_id = ? and reviewed_at is null order by revealed_at").param(employeeId)
                .query((rs, n) -> reveal(rs)).list();
        List<FlaggedAccess> items = new ArrayList<>(grouped(emergencies, reveals));
        items.sort(Comparator.comparing(FlaggedAccess::at, Comparator.reverseOrder()));
        return items;
    }

    /** How many items await this person's review (0 when they review nothing), for the home page. */
    @Transactional(readOnly = true)
    public int openFor(UUID employeeId) {
        EmployeeView me = employees.byId(employeeId).orElse(null);
        if (me == null) {
            return 0;
        }
        Scope scope = scope(me.roles(), me.id(), me.departmentId());
        if (scope == null) {
            return 0;
        }
        String filter = " and employee_id <> ?" + (scope.department() == null ? "" : " and department_id = ?");
        Object[] params = scope.department() == null ? new Object[] {me.id()} : new Object[] {me.id(), scope.department()};
        long count = jdbc.sql("select count(*) from break_glass where reviewed_at is null" + filter).params(params)
                .query(Long.class).single()
                + jdbc.sql("select count(*) from access_review where reviewed_at is null" + filter).params(params)
                .query(Long.class).single();
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /**
     * Records the review of one item. Nobody reviews their own access. Publishes
     * {@link AccessReviewed} in the review's transaction (the penalties process proposes a warning
     * for an unjustified one, R-SUP-5).
     *
     * @throws DomainException 404 for an item outside the reviewer's scope, 409
     *         {@code already-reviewed}, 422 {@code own-access} or {@code note-required}
     */
    @Transactional
    public FlaggedAccess review(UUID id, ReviewOutcome outcome, String note, CustosUser by) {
        Scope scope = requireReviewer(by, "access.review.recorded");
        FlaggedAccess item = find(id).orElseThrow(DomainException::notFound);
        if (item.employeeId().equals(by.id())) {
            audit.refused(AuditCategory.SECURITY, "access.review.recorded", "customer", item.customerId(),
                    Map.of("item", id, "reason", "own-access"));
            throw DomainException.unprocessable("own-access", Map.of("field", "id"));
        }
        UUID department = jdbc.sql("select department_id from " + table(item) + " where id = ?").param(id)
                .query(UUID.class).optional().orElse(null);
        if (scope.department() != null && !scope.department().equals(department)) {
            throw DomainException.notFound();
        }
        if (item.reviewedAt() != null) {
            throw DomainException.conflict("already-reviewed");
        }
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw DomainException.unprocessable("note-required", Map.of("field", "note", "max", MAX_TEXT), MAX_TEXT);
        }
        // The whole access is reviewed at once: the reveals under an emergency access, or every reveal of the item.
        List<UUID> members = list(by, false).stream().filter(i -> i.members().contains(id)).findFirst()
                .map(FlaggedAccess::members).orElse(List.of(id));
        java.sql.Timestamp now = java.sql.Timestamp.from(clock.instant());
        int updated = jdbc.sql("update " + table(item) + " set reviewed_at = ?, reviewed_by = ?, review_outcome = ?, "
                        + "review_note = ? where id = ? and reviewed_at is null")
                .params(now, by.id(), outcome.name(), text, id).update();
        if (updated != 1) {
            throw DomainException.conflict("already-reviewed");
        }
        for (UUID member : members) {
            if (!member.equals(id)) {
                jdbc.sql("update access_review set reviewed_at = ?, reviewed_by = ?, review_outcome = ?, review_note = ? "
                        + "where id = ? and reviewed_at is null").params(now, by.id(), outcome.name(), text, member)
                        .update();
            }
        }
        audit.record(AuditCategory.SECURITY, "access.review.recorded", "customer", item.customerId(),
                Map.of("item", id, "kind", item.kind(), "outcome", outcome, "employee", item.employeeId(),
                        "items", members));
        events.publishEvent(new AccessReviewed(id, item.kind(), item.employeeId(), outcome));
        return find(id).orElseThrow();
    }

    /**
     * One item per access (issue 14.13): a reveal made under an emergency access joins it; the other
     * reveals of one person, customer, rule and purpose that are reviewed together form one item.
     * Each is named by the customer's company name.
     */
    private List<FlaggedAccess> grouped(List<FlaggedAccess> emergencies, List<FlaggedAccess> reveals) {
        List<FlaggedAccess> items = new ArrayList<>(emergencies);
        Map<String, Integer> byKey = new LinkedHashMap<>();
        for (FlaggedAccess reveal : reveals) {
            int joined = -1;
            for (int i = 0; i < emergencies.size(); i++) {
                if (covers(emergencies.get(i), reveal)) {
                    joined = i;
                }
            }
            if (joined < 0) {
                String key = reveal.employeeId() + "|" + reveal.customerId() + "|" + reveal.rule() + "|"
                        + reveal.purpose() + "|" + (reveal.reviewedAt() == null);
                Integer at = byKey.get(key);
                if (at == null) {
                    byKey.put(key, items.size());
                    items.add(reveal);
                } else {
                    items.set(at, items.get(at).with(reveal.fields(), reveal.members(), null));
                }
            } else {
                FlaggedAccess emergency = items.get(joined).with(reveal.fields(), reveal.members(), null);
                // The reviewer of an emergency access should know it was used by someone on notice too.
                items.set(joined, ON_NOTICE.equals(reveal.rule()) ? emergency.onNoticeToo() : emergency);
            }
        }
        Map<UUID, String> names = subjects.companyNames(items.stream().map(FlaggedAccess::customerId)
                .collect(java.util.stream.Collectors.toSet()));
        return items.stream().map(i -> i.with(List.of(), List.of(), names.get(i.customerId()))).toList();
    }

    /** Whether a reveal was made under this emergency access, and is reviewed with it. */
    private static boolean covers(FlaggedAccess emergency, FlaggedAccess reveal) {
        return emergency.employeeId().equals(reveal.employeeId()) && emergency.customerId().equals(reveal.customerId())
                && emergency.until() != null && !reveal.at().isBefore(emergency.at())
                && !reveal.at().isAfter(emergency.until())
                && (emergency.reviewedAt() == null) == (reveal.reviewedAt() == null);
    }

    /**
     * One item as its reviewer sees it, with everything it stands for (issue 14.13): for the
     * security administrators and the department's head, never for the person themselves.
     *
     * @throws DomainException 404 outside the reviewer's scope or for their own access
     */
    @Transactional(readOnly = true)
    public FlaggedAccess view(UUID id, CustosUser by) {
        Scope scope = requireReviewer(by, "access.review.viewed");
        FlaggedAccess item = find(id).orElseThrow(DomainException::notFound);
        UUID department = jdbc.sql("select department_id from " + table(item) + " where id = ?").param(id)
                .query(UUID.class).optional().orElse(null);
        if (item.employeeId().equals(by.id()) || scope.department() != null && !scope.department().equals(department)) {
            throw DomainException.notFound();
        }
        return list(by, true).stream().filter(i -> i.members().contains(id)).findFirst().orElseGet(() -> {
            Map<UUID, String> names = subjects.companyNames(List.of(item.customerId()));
            return item.with(List.of(), List.of(), names.get(item.customerId()));
        });
    }

    public java.util.Optional<FlaggedAccess> find(UUID id) {
        java.util.Optional<FlaggedAccess> found = jdbc.sql("select " + BREAK_GLASS_COLUMNS + " from break_glass where id = ?")
                .param(id).query((rs, n) -> breakGlass(rs)).optional();
        return found.isPresent() ? found : jdbc.sql("select " + REVEAL_COLUMNS + " from access_review where id = ?")
                .param(id).query((rs, n) -> reveal(rs)).optional();
    }

    private static String table(FlaggedAccess item) {
        return "BREAK_GLASS".equals(item.kind()) ? "break_glass" : "access_review";
    }

    /** A security administrator reviews everything; a department head their department's. */
    private record Scope(@Nullable UUID department) {
    }

    private Scope requireReviewer(CustosUser by, String auditAction) {
        Scope scope = scope(by);
        if (scope == null) {
            audit.refused(AuditCategory.SECURITY, auditAction, "access-review", "all", Map.of("reason", "not-a-reviewer"));
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return scope;
    }

    private @Nullable Scope scope(CustosUser by) {
        return by.status() == EmployeeStatus.DEPARTED ? null : scope(by.roles(), by.id(), by.departmentId());
    }

    private static @Nullable Scope scope(Set<Role> roles, UUID id, @Nullable UUID department) {
        if (roles.contains(Role.SECURITY_ADMIN)) {
            return new Scope(null);
        }
        if (roles.contains(Role.DEPT_HEAD) && department != null) {
            return new Scope(department);
        }
        return null;
    }

    private static final String BREAK_GLASS_COLUMNS = "id, customer_id, employee_id, requested_at, expires_at, "
            + "justification, reviewed_at, reviewed_by, review_outcome, review_note";
    private static final String REVEAL_COLUMNS = "id, customer_id, employee_id, revealed_at, rule_id, purpose, fields, "
            + "reviewed_at, reviewed_by, review_outcome, review_note";

    private FlaggedAccess breakGlass(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID employee = rs.getObject(3, UUID.class);
        return new FlaggedAccess(rs.getObject(1, UUID.class), "BREAK_GLASS", rs.getObject(2, UUID.class), employee,
                username(employee), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), null, List.of(),
                rs.getString(6), null, instant(rs.getTimestamp(7)), username(rs.getObject(8, UUID.class)),
                outcome(rs.getString(9)), rs.getString(10), null, List.of(rs.getObject(1, UUID.class)));
    }

    private FlaggedAccess reveal(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID employee = rs.getObject(3, UUID.class);
        return new FlaggedAccess(rs.getObject(1, UUID.class), "REVEAL", rs.getObject(2, UUID.class), employee,
                username(employee), rs.getTimestamp(4).toInstant(), null, rs.getString(6),
                Arrays.asList(rs.getString(7).split(",")), null, rs.getString(5), instant(rs.getTimestamp(8)),
                username(rs.getObject(9, UUID.class)), outcome(rs.getString(10)), rs.getString(11), null,
                List.of(rs.getObject(1, UUID.class)));
    }

    private static @Nullable Instant instant(java.sql.@Nullable Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static @Nullable ReviewOutcome outcome(@Nullable String code) {
        return code == null ? null : ReviewOutcome.valueOf(code);
    }

    private @Nullable String username(@Nullable UUID employee) {
        return employee == null ? null : employees.byId(employee).map(EmployeeView::username).orElse("unknown");
    }

    /** Tells the security administrators and the department's head, by e-mail where it is configured. */
    private void alert(Subject subject, CustosUser by) {
        if (!mail.configured()) {
            return;
        }
        Map<UUID, String> recipients = new LinkedHashMap<>();
        for (EmployeeView e : employees.current()) {
            boolean security = e.roles().contains(Role.SECURITY_ADMIN);
            boolean head = e.roles().contains(Role.DEPT_HEAD) && subject.departmentId() != null
                    && subject.departmentId().equals(e.departmentId());
            if ((security || head) && e.email() != null && !e.id().equals(by.id())) {
                recipients.put(e.id(), e.email());
            }
        }
        java.util.Optional<DepartmentView> department = subject.departmentId() == null ? java.util.Optional.empty()
                : employees.department(subject.departmentId());
        Map<String, Object> letter = Map.of("employee", by.username(),
                "departmentZh", department.map(DepartmentView::nameZh).orElse("未分配部门"),
                "departmentEn", department.map(DepartmentView::nameEn).orElse("no department"),
                "link", properties.baseUrl() + "/access/reviews");
        mail.send(properties.mailFrom(), recipients.values().stream()
                .map(to -> mail.letter(to, "break-glass", letter)).toList());
    }
}
