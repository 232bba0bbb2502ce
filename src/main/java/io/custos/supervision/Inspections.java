package io.custos.supervision;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Inspections (issue 20.1-20.2, R-SUP-1, policy §五.1). The administration department plans an
 * inspection of a department for a quarter and names its inspector: an administration officer or an
 * auditor who is neither of that department nor its head. Only the inspector records items (a score
 * 0-3, whether it is a finding, its text and deadline, notes), the evidence figures being snapshotted
 * as they were seen; only the inspector completes it, which turns each finding into a rectification
 * owned by the department's head. Who sees what:
 * <ul>
 * <li>the administration department, auditors and management: every inspection;</li>
 * <li>a department head: the inspections of their department;</li>
 * <li>the inspector: theirs; anyone else: 404.</li>
 * </ul>
 */
@Service
@Transactional
public class Inspections {

    static final int MAX_TEXT = 4000;
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 365;
    private static final String COLUMNS = "id, checklist_id, department_id, period_label, period_start, period_end, "
            + "inspector_id, planned_by, planned_at, status, started_at, completed_at, version";

    private final JdbcClient jdbc;
    private final Employees employees;
    private final InspectionEvidence evidence;
    private final InspectionAudit audit;
    private final Rectifications rectifications;
    private final Times times;
    private final Clock clock;

    Inspections(JdbcClient jdbc, Employees employees, InspectionEvidence evidence, InspectionAudit audit,
            Rectifications rectifications, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.evidence = evidence;
        this.audit = audit;
        this.rectifications = rectifications;
        this.times = times;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- checklists

    /** The checklist new inspections use: the latest version in the register that is not retired. */
    @Transactional(readOnly = true)
    public Checklist current() {
        UUID id = jdbc.sql("select id from inspection_checklist where retired = false order by created_at desc, "
                + "version_no desc fetch first 1 rows only").query(UUID.class).optional()
                .orElseThrow(() -> DomainException.conflict("inspection-no-checklist"));
        return checklist(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Checklist> checklist(UUID id) {
        return jdbc.sql("select c.id, c.family_id, c.version_no, c.title_zh, c.title_en, "
                + "(select count(*) from inspection i where i.checklist_id = c.id) from inspection_checklist c where c.id = ?")
                .param(id).query((rs, n) -> new Checklist(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getInt(3), rs.getString(4), rs.getString(5), items(id), rs.getLong(6) > 0))
                .optional();
    }

    /** Checklist items by their ids (the questions a list of rectifications names). */
    @Transactional(readOnly = true)
    public Map<UUID, ChecklistItem> items(java.util.Collection<UUID> itemIds) {
        Map<UUID, ChecklistItem> found = new LinkedHashMap<>();
        for (UUID id : new java.util.LinkedHashSet<>(itemIds)) {
            jdbc.sql("select checklist_id from inspection_checklist_item where id = ?").param(id).query(UUID.class)
                    .optional().ifPresent(checklist -> items(checklist).stream().filter(i -> i.id().equals(id))
                            .forEach(i -> found.put(id, i)));
        }
        return found;
    }

    /**
     * The items chapter by chapter (§一..§五), in their stored order within a chapter, numbered 1..n in
     * that order: the page, the report and the rectifications show the same numbers in the same order
     * even when a checklist's stored positions do not follow its chapters (LOOK-E F15).
     */
    private List<ChecklistItem> items(UUID checklistId) {
        return jdbc.sql("select id, position, chapter, question_zh, question_en, guidance_zh, guidance_en, evidence "
                + "from inspection_checklist_item where checklist_id = ? order by case chapter when 'I' then 1 "
                + "when 'II' then 2 when 'III' then 3 when 'IV' then 4 when 'V' then 5 else 6 end, position")
                .param(checklistId)
                .query((rs, n) -> {
                    String source = rs.getString(8);
                    return new ChecklistItem(rs.getObject(1, UUID.class), n + 1, rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            source == null ? null : EvidenceSource.valueOf(source));
                }).list();
    }

    // ---------------------------------------------------------------- planning

    /**
     * Plans an inspection of a department for a quarter (like 2026-Q4) with an inspector, by default
     * the planner. Only the administration department plans.
     */
    public InspectionView plan(@Nullable UUID departmentId, @Nullable String period, @Nullable UUID inspectorId,
            CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER) || by.partner()) {
            throw new DomainException("inspection-plan-not-allowed", HttpStatus.FORBIDDEN);
        }
        if (departmentId == null) {
            throw DomainException.unprocessable("inspection-department-required", Map.of("field", "departmentId"));
        }
        DepartmentView department = employees.department(departmentId).orElseThrow(
                () -> DomainException.unprocessable("inspection-department-required", Map.of("field", "departmentId")));
        Quarter quarter = Quarter.parse(period);
        EmployeeView inspector = employees.byId(inspectorId == null ? by.id() : inspectorId)
                .filter(e -> e.status() != EmployeeStatus.DEPARTED && e.partnerId() == null
                        && (e.roles().contains(Role.ADMIN_OFFICER) || e.roles().contains(Role.AUDITOR)))
                .orElseThrow(() -> DomainException.unprocessable("inspection-inspector-invalid",
                        Map.of("field", "inspectorId")));
        if (ownDepartment(inspector.id(), inspector.departmentId(), department)) {
            throw DomainException.unprocessable("inspection-own-department", Map.of("field", "inspectorId"));
        }
        Checklist checklist = current();
        // Takes turns with an edit of the checklist (Checklists.save), which may not change a version in use.
        jdbc.sql("select id from inspection_checklist where id = ? for update").param(checklist.id()).query(UUID.class)
                .single();
        checklist = checklist(checklist.id()).orElseThrow();
        boolean exists = jdbc.sql("select count(*) from inspection where department_id = ? and period_label = ? "
                + "and checklist_id = ?").params(departmentId, quarter.toString(), checklist.id())
                .query(Long.class).single() > 0;
        if (exists) {
            throw DomainException.unprocessable("inspection-already-planned", Map.of("field", "period"));
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into inspection (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', null, null, 0)")
                .params(id, checklist.id(), departmentId, quarter.toString(), java.sql.Date.valueOf(quarter.start()),
                        java.sql.Date.valueOf(quarter.end()), inspector.id(), by.id(), utc(now()))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("department", departmentId);
        details.put("periodStart", quarter.start());
        details.put("inspector", inspector.id());
        details.put("checklist", checklist.id());
        audit.inspection("supervision.inspection.planned", id, details);
        return row(id).orElseThrow();
    }

    /** Whether the person is of the department or its head: they never inspect it. */
    private static boolean ownDepartment(UUID person, @Nullable UUID personDepartment, DepartmentView department) {
        return department.id().equals(personDepartment) || person.equals(department.headId());
    }

    // ---------------------------------------------------------------- reading

    /** The inspections this person may see, newest quarter first (at most 500). */
    @Transactional(readOnly = true)
    public List<InspectionView> visibleTo(CustosUser by) {
        if (by.partner()) {
            return List.of();
        }
        String where;
        List<Object> params = new ArrayList<>();
        if (readsAll(by)) {
            where = "1 = 1";
        } else if (by.hasRole(Role.DEPT_HEAD) && by.departmentId() != null) {
            where = "(department_id = ? or inspector_id = ?)";
            params.add(by.departmentId());
            params.add(by.id());
        } else {
            where = "inspector_id = ?";
            params.add(by.id());
        }
        return jdbc.sql("select " + COLUMNS + " from inspection where " + where
                + " order by period_start desc, planned_at desc fetch first 500 rows only").params(params)
                .query(mapper()).list();
    }

    /** One inspection with its items; the live figures only for its inspector while it runs. */
    @Transactional(readOnly = true)
    public InspectionDetail detail(UUID id, CustosUser by) {
        InspectionView view = seen(id, by);
        Checklist checklist = checklist(view.checklistId()).orElseThrow();
        Map<UUID, EvidenceFigures> live = new LinkedHashMap<>();
        if (!view.completed() && by.id().equals(view.inspectorId())) {
            for (ChecklistItem item : checklist.items()) {
                if (item.evidence() != null) {
                    live.put(item.id(), evidence.figures(item.evidence(), view.departmentId(), view.periodStart(),
                            view.periodEnd()));
                }
            }
        }
        return new InspectionDetail(view, checklist, results(id), live, rectifications.ofInspection(id));
    }

    /** One rectification with its finding and steps; 404 for anyone who may not see it. */
    @Transactional(readOnly = true)
    public RectificationDetail rectification(UUID id, CustosUser by) {
        RectificationView r = rectifications.seen(id, by);
        InspectionView inspection = row(r.inspectionId()).orElseThrow();
        Checklist checklist = checklist(inspection.checklistId()).orElseThrow();
        ChecklistItem item = checklist.items().stream().filter(i -> i.id().equals(r.itemId())).findFirst().orElseThrow();
        return new RectificationDetail(r, inspection, item, results(inspection.id()).get(r.itemId()),
                rectifications.steps(id));
    }

    /** The inspection if this person may see it; 404 otherwise. */
    @Transactional(readOnly = true)
    public InspectionView seen(UUID id, CustosUser by) {
        return row(id).filter(v -> maySee(v, by)).orElseThrow(DomainException::notFound);
    }

    static boolean maySee(InspectionView v, CustosUser by) {
        if (by.partner()) {
            return false;
        }
        return readsAll(by) || by.id().equals(v.inspectorId())
                || by.hasRole(Role.DEPT_HEAD) && v.departmentId().equals(by.departmentId());
    }

    /** The administration department, auditors and management read every inspection. */
    static boolean readsAll(CustosUser by) {
        return by.hasRole(Role.ADMIN_OFFICER) || by.hasRole(Role.AUDITOR) || by.hasRole(Role.MANAGEMENT);
    }

    Map<UUID, ItemResult> results(UUID inspectionId) {
        Map<UUID, ItemResult> results = new LinkedHashMap<>();
        jdbc.sql("select item_id, score, finding, finding_text, notes, due_on, evidence_main, evidence_extra, recorded_at, "
                + "recorded_by from inspection_result where inspection_id = ?").param(inspectionId).query((rs, n) -> {
                    long main = rs.getLong(7);
                    Long mainValue = rs.wasNull() ? null : main;
                    long extra = rs.getLong(8);
                    Long extraValue = rs.wasNull() ? null : extra;
                    return new ItemResult(rs.getObject(1, UUID.class), rs.getInt(2), rs.getBoolean(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, LocalDate.class), mainValue, extraValue,
                            rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getObject(10, UUID.class));
                }).list().forEach(r -> results.put(r.itemId(), r));
        return results;
    }

    // ---------------------------------------------------------------- carrying out

    /**
     * Records (or re-records) one item, by the inspector, while the inspection is not completed. A
     * finding needs its text; its deadline defaults to {@value #DEFAULT_DAYS} days from today.
     */
    public ItemResult record(UUID id, @Nullable UUID itemId, @Nullable Integer score, boolean finding,
            @Nullable String findingText, @Nullable String notes, @Nullable LocalDate dueOn, CustosUser by) {
        InspectionView v = inspector(id, by);
        if (v.completed()) {
            throw DomainException.conflict("inspection-completed");
        }
        Checklist checklist = checklist(v.checklistId()).orElseThrow();
        ChecklistItem item = checklist.items().stream().filter(i -> i.id().equals(itemId)).findFirst()
                .orElseThrow(() -> DomainException.unprocessable("inspection-item-unknown", Map.of("field", "itemId")));
        if (score == null || score < 0 || score > 3) {
            throw DomainException.unprocessable("inspection-score-invalid", Map.of("field", "score"));
        }
        String text = optional(findingText, "findingText");
        String note = optional(notes, "notes");
        LocalDate today = today();
        LocalDate due = null;
        if (finding) {
            if (text == null) {
                throw DomainException.unprocessable("inspection-finding-required", Map.of("field", "findingText"));
            }
            due = dueOn == null ? today.plusDays(DEFAULT_DAYS) : dueOn;
            if (!due.isAfter(today) || due.isAfter(today.plusDays(MAX_DAYS))) {
                throw DomainException.unprocessable("inspection-due-invalid", Map.of("field", "dueOn"), MAX_DAYS);
            }
        }
        EvidenceFigures seen = item.evidence() == null ? null
                : evidence.figures(item.evidence(), v.departmentId(), v.periodStart(), v.periodEnd());
        Instant now = now();
        jdbc.sql("delete from inspection_result where inspection_id = ? and item_id = ?").params(id, item.id()).update();
        jdbc.sql("insert into inspection_result (inspection_id, item_id, score, finding, finding_text, notes, due_on, "
                + "evidence_main, evidence_extra, recorded_at, recorded_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, item.id(), score, finding, finding ? text : null, note,
                        due == null ? null : java.sql.Date.valueOf(due), seen == null ? null : seen.main(),
                        seen == null ? null : seen.extra(), utc(now), by.id())
                .update();
        int changed = jdbc.sql("update inspection set status = 'IN_PROGRESS', started_at = coalesce(started_at, ?), "
                + "version = version + 1 where id = ? and version = ? and status <> 'COMPLETED'")
                .params(utc(now), id, v.version()).update();
        if (changed != 1) {
            throw DomainException.conflict("inspection-changed");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("item", item.position());
        details.put("score", score);
        details.put("finding", finding);
        if (due != null) {
            details.put("dueOn", due);
        }
        audit.inspection("supervision.inspection.item-recorded", id, details);
        return results(id).get(item.id());
    }

    /**
     * Completes the inspection once every item is recorded: each finding becomes a rectification
     * owned by the department's head (there must be one, and it must not be the inspector).
     */
    public InspectionView complete(UUID id, CustosUser by) {
        InspectionView v = inspector(id, by);
        if (v.completed()) {
            throw DomainException.conflict("inspection-completed");
        }
        Checklist checklist = checklist(v.checklistId()).orElseThrow();
        Map<UUID, ItemResult> results = results(id);
        if (checklist.items().stream().anyMatch(i -> !results.containsKey(i.id()))) {
            throw DomainException.conflict("inspection-incomplete");
        }
        List<ItemResult> findings = checklist.items().stream().map(i -> results.get(i.id())).filter(ItemResult::finding)
                .toList();
        LocalDate today = today();
        if (findings.stream().anyMatch(f -> f.dueOn() == null || !f.dueOn().isAfter(today))) {
            // Recorded a while ago with a deadline that has come: the inspector sets a new one first.
            throw DomainException.conflict("inspection-due-passed");
        }
        UUID owner = null;
        if (!findings.isEmpty()) {
            owner = employees.department(v.departmentId()).map(DepartmentView::headId)
                    .flatMap(employees::byId).filter(e -> e.status() != EmployeeStatus.DEPARTED)
                    .map(EmployeeView::id).orElseThrow(() -> DomainException.conflict("inspection-no-owner"));
            if (owner.equals(v.inspectorId())) {
                throw DomainException.conflict("inspection-no-owner");
            }
        }
        Instant now = now();
        int changed = jdbc.sql("update inspection set status = 'COMPLETED', completed_at = ?, version = version + 1 "
                + "where id = ? and version = ?").params(utc(now), id, v.version()).update();
        if (changed != 1) {
            throw DomainException.conflict("inspection-changed");
        }
        for (ItemResult f : findings) {
            rectifications.open(v, f, owner, now);
        }
        int total = results.values().stream().mapToInt(ItemResult::score).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("department", v.departmentId());
        details.put("periodStart", v.periodStart());
        details.put("score", total);
        details.put("maxScore", checklist.items().size() * 3);
        details.put("findings", findings.size());
        audit.inspection("supervision.inspection.completed", id, details);
        return row(id).orElseThrow();
    }

    private InspectionView inspector(UUID id, CustosUser by) {
        InspectionView v = seen(id, by);
        if (!by.id().equals(v.inspectorId())) {
            throw new DomainException("inspection-not-inspector", HttpStatus.FORBIDDEN);
        }
        // Moved into the department (or made its head) since the plan: no longer theirs to inspect.
        DepartmentView department = employees.department(v.departmentId()).orElseThrow();
        if (ownDepartment(by.id(), by.departmentId(), department)) {
            throw new DomainException("inspection-own-department", HttpStatus.FORBIDDEN);
        }
        return v;
    }

    // ---------------------------------------------------------------- home

    /** Inspections of the current quarter not completed yet (for the administration department's home). */
    @Transactional(readOnly = true)
    public int dueThisQuarter() {
        return jdbc.sql("select count(*) from inspection where period_label = ? and status <> 'COMPLETED'")
                .param(Quarter.of(today()).toString()).query(Integer.class).single();
    }

    // ---------------------------------------------------------------- storage

    Optional<InspectionView> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from inspection where id = ?").param(id).query(mapper()).optional();
    }

    private static RowMapper<InspectionView> mapper() {
        return (rs, n) -> {
            OffsetDateTime started = rs.getObject(11, OffsetDateTime.class);
            OffsetDateTime completed = rs.getObject(12, OffsetDateTime.class);
            return new InspectionView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, LocalDate.class),
                    rs.getObject(6, LocalDate.class), rs.getObject(7, UUID.class), rs.getObject(8, UUID.class),
                    rs.getObject(9, OffsetDateTime.class).toInstant(), InspectionStatus.valueOf(rs.getString(10)),
                    started == null ? null : started.toInstant(), completed == null ? null : completed.toInstant(),
                    rs.getInt(13));
        };
    }

    static @Nullable String optional(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > MAX_TEXT) {
            throw DomainException.unprocessable("inspection-text-too-long", Map.of("field", field, "max", MAX_TEXT),
                    MAX_TEXT);
        }
        if (ControlCharacters.present(text, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), times.companyZone());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
