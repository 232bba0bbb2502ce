package io.custos.supervision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Rectifications (issue 20.3, R-SUP-2, policy §五.1): each finding of a completed inspection,
 * owned by the inspected department's head, due on the deadline the inspector set. Only the owner
 * submits the fix (with the evidence in words); only the inspector verifies it (closed) or rejects
 * it with a reason (open again, back to the owner). Nobody verifies their own fix, and an inspector
 * who has since joined the department or become its head verifies none of its fixes. The owner of
 * one not closed yet is the department's current head (re-resolved when read and stored again when
 * they submit the fix), so a head who has moved on no longer answers for it and the new head does.
 * An open one past its deadline is escalated to management once ({@link RectificationEscalation}).
 */
@Service
@Transactional
public class Rectifications {

    private static final String COLUMNS = "id, inspection_id, item_id, department_id, owner_id, inspector_id, due_on, "
            + "status, escalated_at, opened_at, closed_at, version";

    private final JdbcClient jdbc;
    private final Employees employees;
    private final InspectionAudit audit;
    private final Times times;
    private final Clock clock;

    Rectifications(JdbcClient jdbc, Employees employees, InspectionAudit audit, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    /** Opens the rectification of a finding (the inspection's completion, in its transaction). */
    void open(InspectionView inspection, ItemResult finding, UUID owner, Instant now) {
        UUID id = UUID.randomUUID();
        LocalDate due = finding.dueOn() == null ? today().plusDays(Inspections.DEFAULT_DAYS) : finding.dueOn();
        jdbc.sql("insert into rectification (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, 'OPEN', null, ?, null, 0)")
                .params(id, inspection.id(), finding.itemId(), inspection.departmentId(), owner, inspection.inspectorId(),
                        java.sql.Date.valueOf(due), Inspections.utc(now))
                .update();
        step(id, now, RectificationStepKind.OPENED, inspection.inspectorId(), null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inspection", inspection.id());
        details.put("department", inspection.departmentId());
        details.put("owner", owner);
        details.put("dueOn", due);
        audit.rectification("supervision.rectification.opened", id, details);
    }

    // ---------------------------------------------------------------- reading

    /** The rectifications this person may see: open ones first by due date, then closed ones (at most 500). */
    @Transactional(readOnly = true)
    public List<RectificationView> visibleTo(CustosUser by) {
        if (by.partner()) {
            return List.of();
        }
        String where;
        List<Object> params = new ArrayList<>();
        if (Inspections.readsAll(by)) {
            where = "1 = 1";
        } else {
            // Their own department if they head it, the departments they head now (they own those
            // departments' open rectifications), and the ones they own or inspect.
            List<UUID> departments = new ArrayList<>();
            if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null) {
                departments.add(by.departmentId());
            }
            employees.departments().stream().filter(d -> by.id().equals(d.headId())).map(DepartmentView::id)
                    .forEach(departments::add);
            StringBuilder clause = new StringBuilder("(owner_id = ? or inspector_id = ?");
            params.add(by.id());
            params.add(by.id());
            for (UUID department : departments) {
                clause.append(" or department_id = ?");
                params.add(department);
            }
            where = clause.append(')').toString();
        }
        Owners owners = new Owners();
        return jdbc.sql("select " + COLUMNS + " from rectification where " + where
                + " order by case when status = 'CLOSED' then 1 else 0 end, due_on, opened_at fetch first 500 rows only")
                .params(params).query(mapper()).stream().map(owners::current).filter(r -> maySee(r, by)).toList();
    }

    /**
     * The rectification of an inspection finding, by its id, if this person may see it and its item
     * is recorded as a finding: how other modules check a finding named as evidence. Empty otherwise.
     */
    @Transactional(readOnly = true)
    public Optional<RectificationView> ofFinding(UUID id, CustosUser by) {
        return row(id).filter(r -> maySee(r, by)).filter(r -> jdbc.sql("select count(*) from inspection_result "
                + "where inspection_id = ? and item_id = ? and finding = true").params(r.inspectionId(), r.itemId())
                .query(Long.class).single() > 0);
    }

    List<RectificationView> ofInspection(UUID inspectionId) {
        Owners owners = new Owners();
        return jdbc.sql("select " + COLUMNS + " from rectification where inspection_id = ? order by due_on, opened_at")
                .param(inspectionId).query(mapper()).stream().map(owners::current).toList();
    }

    List<RectificationStep> steps(UUID id) {
        return jdbc.sql("select id, happened_at, kind, actor_id, words from rectification_step "
                + "where rectification_id = ? order by seq").param(id)
                .query((rs, n) -> new RectificationStep(rs.getObject(1, UUID.class),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), RectificationStepKind.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class), rs.getString(5)))
                .list();
    }

    RectificationView seen(UUID id, CustosUser by) {
        return row(id).filter(r -> maySee(r, by)).orElseThrow(DomainException::notFound);
    }

    static boolean maySee(RectificationView r, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        return Inspections.readsAll(by) || by.id().equals(r.ownerId()) || by.id().equals(r.inspectorId())
                || by.hasRole(Role.DEPT_HEAD) && r.departmentId().equals(by.departmentId());
    }

    // ---------------------------------------------------------------- steps

    /**
     * The owner, the department's current head, submits the fix with the evidence of it in words; a
     * head who took over since the inspection becomes its owner on record.
     */
    public RectificationView submitFix(UUID id, @Nullable String evidence, CustosUser by) {
        RectificationView r = seen(id, by);
        if (!by.id().equals(r.ownerId()) || by.id().equals(r.inspectorId())) {
            throw new DomainException("rectification-not-owner", HttpStatus.FORBIDDEN);
        }
        if (r.status() != RectificationStatus.OPEN) {
            throw DomainException.conflict("rectification-not-open");
        }
        String text = Inspections.optional(evidence, "text");
        if (text == null) {
            throw DomainException.unprocessable("rectification-evidence-required", Map.of("field", "text"));
        }
        Instant now = now();
        UUID before = stored(id).map(RectificationView::ownerId).orElseThrow();
        boolean ownerChanged = !before.equals(by.id());
        // The head who submits is the owner on record from now on (the version guards against a step in between).
        int changed = jdbc.sql("update rectification set status = 'SUBMITTED', owner_id = ?, version = version + 1 "
                + "where id = ? and version = ?").params(by.id(), id, r.version()).update();
        if (changed != 1) {
            throw DomainException.conflict("rectification-changed");
        }
        step(id, now, RectificationStepKind.FIX_SUBMITTED, by.id(), text);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inspection", r.inspectionId());
        details.put("withinDeadline", !today().isAfter(r.dueOn()));
        if (ownerChanged) {
            details.put("ownerChanged", true);
            details.put("previousOwner", before);
        }
        audit.rectification("supervision.rectification.fix-submitted", id, details);
        return row(id).orElseThrow();
    }

    /** The inspector accepts the fix: the rectification is closed. */
    public RectificationView verify(UUID id, CustosUser by) {
        RectificationView r = inspectorStep(id, by);
        Instant now = now();
        move(r, RectificationStatus.CLOSED, now);
        step(id, now, RectificationStepKind.VERIFIED, by.id(), null);
        audit.rectification("supervision.rectification.verified", id,
                Map.of("inspection", r.inspectionId(), "withinDeadline", !today().isAfter(r.dueOn())));
        return row(id).orElseThrow();
    }

    /** The inspector sends the fix back with a reason: open again, the owner's to do. */
    public RectificationView reject(UUID id, @Nullable String reason, CustosUser by) {
        RectificationView r = inspectorStep(id, by);
        String text = Inspections.optional(reason, "text");
        if (text == null) {
            throw DomainException.unprocessable("rectification-reason-required", Map.of("field", "text"));
        }
        Instant now = now();
        move(r, RectificationStatus.OPEN, null);
        step(id, now, RectificationStepKind.REJECTED, by.id(), text);
        audit.rectification("supervision.rectification.rejected", id, Map.of("inspection", r.inspectionId()));
        return row(id).orElseThrow();
    }

    private RectificationView inspectorStep(UUID id, CustosUser by) {
        RectificationView r = seen(id, by);
        if (by.id().equals(r.ownerId())) {
            throw new DomainException("rectification-own-fix", HttpStatus.FORBIDDEN);
        }
        if (!by.id().equals(r.inspectorId())) {
            throw new DomainException("rectification-not-inspector", HttpStatus.FORBIDDEN);
        }
        // Moved into the department (or made its head) since the inspection: not theirs to verify.
        if (ownDepartment(r, by)) {
            throw new DomainException("inspection-own-department", HttpStatus.FORBIDDEN);
        }
        if (r.status() != RectificationStatus.SUBMITTED) {
            throw DomainException.conflict("rectification-not-submitted");
        }
        return r;
    }

    /** Whether this person may verify or reject the fix now (the page shows the buttons only then). */
    public boolean mayVerify(RectificationView r, CustosUser by) {
        return r.status() == RectificationStatus.SUBMITTED && by.id().equals(r.inspectorId())
                && !by.id().equals(r.ownerId()) && !ownDepartment(r, by);
    }

    private boolean ownDepartment(RectificationView r, CustosUser by) {
        // The department on record now, not the one the session began with.
        UUID department = employees.byId(by.id()).map(EmployeeView::departmentId).orElse(by.departmentId());
        return r.departmentId().equals(department) || r.departmentId().equals(by.departmentId())
                || employees.department(r.departmentId()).map(DepartmentView::headId).filter(by.id()::equals).isPresent();
    }

    // ---------------------------------------------------------------- escalation

    /** Open rectifications past their deadline not escalated yet (the sweep's work). */
    List<RectificationView> overdueNotEscalated() {
        return jdbc.sql("select " + COLUMNS + " from rectification where status = 'OPEN' and due_on < ? "
                + "and escalated_at is null order by due_on").param(java.sql.Date.valueOf(today())).query(mapper()).list();
    }

    /** Marks it escalated, once: false when someone's step changed it first. */
    boolean escalate(RectificationView r) {
        Instant now = now();
        int changed = jdbc.sql("update rectification set escalated_at = ?, version = version + 1 "
                + "where id = ? and version = ? and escalated_at is null and status = 'OPEN'")
                .params(Inspections.utc(now), r.id(), r.version()).update();
        if (changed != 1) {
            return false;
        }
        step(r.id(), now, RectificationStepKind.ESCALATED, null, null);
        Actor system = Actor.system(RectificationEscalation.JOB);
        audit.rectification("supervision.rectification.escalated", r.id(),
                Map.of("dueOn", r.dueOn(), "department", r.departmentId()), system);
        return true;
    }

    /** Escalated rectifications not closed yet (management's home). */
    @Transactional(readOnly = true)
    public int escalatedOpen() {
        return jdbc.sql("select count(*) from rectification where escalated_at is not null and status <> 'CLOSED'")
                .query(Integer.class).single();
    }

    // ---------------------------------------------------------------- storage

    private void move(RectificationView r, RectificationStatus to, @Nullable Instant closedAt) {
        int changed = jdbc.sql("update rectification set status = ?, closed_at = ?, version = version + 1 "
                + "where id = ? and version = ?").params(to.name(), closedAt == null ? null : Inspections.utc(closedAt),
                        r.id(), r.version()).update();
        if (changed != 1) {
            throw DomainException.conflict("rectification-changed");
        }
    }

    private void step(UUID rectification, Instant at, RectificationStepKind kind, @Nullable UUID actor,
            @Nullable String words) {
        int seq = jdbc.sql("select coalesce(max(seq), 0) + 1 from rectification_step where rectification_id = ?")
                .param(rectification).query(Integer.class).single();
        jdbc.sql("insert into rectification_step (id, rectification_id, seq, happened_at, kind, actor_id, words) "
                + "values (?, ?, ?, ?, ?, ?, ?)").params(UUID.randomUUID(), rectification, seq, Inspections.utc(at),
                        kind.name(), actor, words).update();
    }

    Optional<RectificationView> row(UUID id) {
        return stored(id).map(new Owners()::current);
    }

    private Optional<RectificationView> stored(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from rectification where id = ?").param(id).query(mapper()).optional();
    }

    /**
     * The owner of a rectification not closed yet is the department's current head (not departed,
     * not a partner's, never the inspector); with no such head it stays the one on record. A closed
     * one keeps the owner who answered for it. Heads are looked up once per department per call.
     */
    private final class Owners {

        private final Map<UUID, Optional<UUID>> heads = new HashMap<>();

        RectificationView current(RectificationView r) {
            if (r.status() == RectificationStatus.CLOSED) {
                return r;
            }
            UUID head = heads.computeIfAbsent(r.departmentId(), d -> employees.department(d)
                    .map(DepartmentView::headId).flatMap(employees::byId)
                    .filter(e -> e.status() != EmployeeStatus.DEPARTED && e.partnerId() == null)
                    .map(EmployeeView::id)).orElse(null);
            if (head == null || head.equals(r.ownerId()) || head.equals(r.inspectorId())) {
                return r;
            }
            return new RectificationView(r.id(), r.inspectionId(), r.itemId(), r.departmentId(), head, r.inspectorId(),
                    r.dueOn(), r.status(), r.escalatedAt(), r.openedAt(), r.closedAt(), r.version(), r.overdue());
        }
    }

    private RowMapper<RectificationView> mapper() {
        LocalDate today = today();
        return (rs, n) -> {
            OffsetDateTime escalated = rs.getObject(9, OffsetDateTime.class);
            OffsetDateTime closed = rs.getObject(11, OffsetDateTime.class);
            RectificationStatus status = RectificationStatus.valueOf(rs.getString(8));
            LocalDate due = rs.getObject(7, LocalDate.class);
            return new RectificationView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                    rs.getObject(6, UUID.class), due, status, escalated == null ? null : escalated.toInstant(),
                    rs.getObject(10, OffsetDateTime.class).toInstant(), closed == null ? null : closed.toInstant(),
                    rs.getInt(12), status == RectificationStatus.OPEN && today.isAfter(due));
        };
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
