package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.Actor;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.ApiCalls;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.CourseContent;
import io.custos.training.Courses;
import io.custos.training.LessonContent;
import io.custos.training.PolicyDocuments;
import io.custos.training.QuestionContent;

/**
 * Inspections and rectifications (issue 20.1-20.8, R-SUP-1, R-SUP-2, policy §五.1): evidence figures
 * computed for the inspected department and snapshotted when recorded; the flow plan, inspect,
 * finding, rectification, fix, reject, fix, verify; the refusals an insider would try (inspecting
 * one's own department, fixing someone else's finding, verifying one's own fix or twice, reading
 * another department's inspection); escalation once on the injected clock; the report in both
 * languages.
 */
@IntegrationTest
class InspectionTests {

    private static final UUID TRAINING_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000102");
    private static final UUID AGREEMENT_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000103");
    private static final UUID REVEAL_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000104");
    private static final UUID BREAK_GLASS_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000105");
    private static final UUID EXPORT_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000106");
    private static final UUID RETENTION_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000108");
    private static final UUID CASES_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000109");
    private static final UUID DESK_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000110");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    private final ApiCalls api = new ApiCalls(() -> mvc, () -> clock);
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired AuditLog auditLog;
    @Autowired Courses courses;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired Inspections inspections;
    @Autowired RectificationEscalation escalation;
    @Autowired List<HomeTaskProvider> homeTasks;

    UUID department;
    TestAccounts.Account head;
    TestAccounts.Account member;
    TestAccounts.Account inspector;
    TestAccounts.Account otherAdmin;
    TestAccounts.Account auditor;
    TestAccounts.Account manager;
    TestAccounts.Account otherHead;

    @BeforeEach
    void company() {
        // Wednesday 14 May 2031, in the second quarter.
        clock.set(LocalDate.of(2031, 5, 14).atTime(10, 0).atZone(zone()).toInstant());
        Instant now = clock.instant();
        department = accounts.customerDepartment("IN" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        member = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        inspector = RetentionFixture.person(accounts, documents, now, null, Role.ADMIN_OFFICER);
        otherAdmin = RetentionFixture.person(accounts, documents, now, null, Role.ADMIN_OFFICER);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        manager = accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        UUID other = accounts.customerDepartment("IO" + UUID.randomUUID().toString().substring(0, 6));
        otherHead = RetentionFixture.person(accounts, documents, now, other, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(otherHead.id(), other).update();
    }

    @Test
    void evidenceFiguresAreTheDepartmentsAndTheRecordKeepsWhatTheInspectorSaw() throws Exception {
        Instant now = clock.instant();
        // Someone new who has accepted nothing yet, and a mandatory course for the department due last week.
        TestAccounts.Account newcomer = accounts.create(now, EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(newcomer, department);
        course(department, today().minusDays(7));
        // This quarter: two full displays and one refusal by the member, one emergency access (not
        // reviewed) and one export; one by someone of another department that must not count; one
        // display last quarter that must not count either.
        act(member, "customer.field.revealed", AuditOutcome.ALLOWED);
        act(member, "customer.field.revealed", AuditOutcome.ALLOWED);
        act(member, "customer.field.revealed", AuditOutcome.DENIED);
        act(otherHead, "customer.field.revealed", AuditOutcome.ALLOWED);
        act(member, "customer.records.exported", AuditOutcome.ALLOWED);
        clock.set(LocalDate.of(2031, 3, 20).atTime(10, 0).atZone(zone()).toInstant());
        act(member, "customer.field.revealed", AuditOutcome.ALLOWED);
        clock.set(now);
        jdbc.sql("insert into break_glass (id, customer_id, department_id, employee_id, justification, requested_at, "
                + "expires_at) values (?, ?, ?, ?, 'Customer on the phone, owner away', ?, ?)")
                .params(UUID.randomUUID(), UUID.randomUUID(), department, member.id(),
                        java.sql.Timestamp.from(now.minusSeconds(3600)), java.sql.Timestamp.from(now)).update();
        jdbc.sql("insert into retention_due (customer_id, sweep_id, rule_code, basis_on, due_on, department_id) "
                + "values (?, ?, 'PROSPECT_INACTIVE', ?, ?, ?)").params(UUID.randomUUID(), UUID.randomUUID(),
                        java.sql.Date.valueOf(today().minusYears(3)), java.sql.Date.valueOf(today().minusDays(1)), department)
                .update();

        UUID id = plan(inspector, department, "2031-Q2", null);
        Map<String, Object> live = live(id, inspector);
        assertThat(figures(live, TRAINING_ITEM)).as("three people, all late").containsExactly(3, 3);
        assertThat(figures(live, AGREEMENT_ITEM)).as("the newcomer").containsExactly(1, null);
        assertThat(figures(live, REVEAL_ITEM)).containsExactly(2, 1);
        assertThat(figures(live, BREAK_GLASS_ITEM)).containsExactly(1, 0);
        assertThat(figures(live, EXPORT_ITEM)).containsExactly(1, null);
        assertThat(figures(live, RETENTION_ITEM)).containsExactly(1, null);
        assertThat(figures(live, CASES_ITEM)).containsExactly(0, 0);
        // The head reads the inspection, but the live figures are the inspector's working view only.
        assertThat(live(id, head)).isEmpty();

        record(inspector, id, AGREEMENT_ITEM, 1, false, null, null, 200);
        // A second newcomer after the item was recorded: the record keeps what was seen, the live figure moves.
        TestAccounts.Account later = accounts.create(now, EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(later, department);
        Map<String, Object> detail = Api.body(api.call(get("/api/v1/inspections/" + id), inspector, null));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) detail.get("results");
        assertThat(results.get(AGREEMENT_ITEM.toString()).get("evidenceMain")).isEqualTo(1);
        assertThat(figures(live(id, inspector), AGREEMENT_ITEM)).containsExactly(2, null);
    }

    @Test
    void aFindingIsFixedRejectedFixedAgainAndVerifiedAndTheReportReadsInBothLanguages() throws Exception {
        UUID id = plan(inspector, department, "2031-Q2", null);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), inspector, null)).as("nothing recorded")
                .isEqualTo(409);
        List<UUID> items = items(id);
        assertThat(items).hasSize(12);
        for (UUID item : items) {
            if (item.equals(DESK_ITEM)) {
                record(inspector, id, item, 1, true, "Customer lists left on two desks overnight.",
                        today().plusDays(20), 200);
            } else if (item.equals(TRAINING_ITEM)) {
                record(inspector, id, item, 2, true, "One refresher late.", null, 200);
            } else {
                record(inspector, id, item, 3, false, null, null, 200);
            }
        }
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), otherAdmin, Map.of("itemId", DESK_ITEM,
                "score", 3, "isFinding", false))).as("not the inspector").isEqualTo(403);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), inspector, Map.of("itemId", DESK_ITEM,
                "score", 1, "isFinding", true))).as("a finding without words").isEqualTo(422);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), inspector, Map.of("itemId", DESK_ITEM,
                "score", 4, "isFinding", false))).isEqualTo(422);
        assertThat(api.status(get("/api/v1/inspections/" + id + "/report.pdf"), inspector, null)).as("not completed")
                .isEqualTo(409);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), head, null)).as("the head").isEqualTo(403);

        MvcResult completed = api.call(post("/api/v1/inspections/" + id + "/complete"), inspector, null);
        assertThat(completed.getResponse().getStatus()).as(completed.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), inspector, Map.of("itemId", DESK_ITEM,
                "score", 3, "isFinding", false))).as("completed").isEqualTo(409);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), inspector, null)).isEqualTo(409);

        List<Map<String, Object>> rectifications = list("/api/v1/rectifications", head).stream()
                .filter(r -> id.toString().equals(r.get("inspectionId"))).toList();
        assertThat(rectifications).hasSize(2).allMatch(r -> head.id().toString().equals(r.get("ownerId")));
        UUID desk = rectifications.stream().filter(r -> DESK_ITEM.toString().equals(r.get("itemId")))
                .map(r -> UUID.fromString((String) r.get("id"))).findFirst().orElseThrow();
        assertThat(rectifications.stream().filter(r -> DESK_ITEM.toString().equals(r.get("itemId"))).findFirst()
                .orElseThrow().get("dueOn")).isEqualTo(today().plusDays(20).toString());
        assertThat(rectifications.stream().filter(r -> TRAINING_ITEM.toString().equals(r.get("itemId"))).findFirst()
                .orElseThrow().get("dueOn")).as("30 days by default").isEqualTo(today().plusDays(30).toString());
        assertThat(tasks(head)).extracting(HomeTask::messageKey).contains("rectification.home.open");

        // Who may not: the inspector fixing the owner's finding, the member, the owner verifying their own.
        assertThat(action(desk, inspector, "SUBMIT_FIX", "Done.")).isEqualTo(403);
        assertThat(action(desk, member, "SUBMIT_FIX", "Done.")).as("the member sees nothing").isEqualTo(404);
        assertThat(action(desk, head, "VERIFY", null)).as("nothing submitted").isEqualTo(403);
        assertThat(action(desk, inspector, "VERIFY", null)).as("nothing submitted").isEqualTo(409);
        assertThat(action(desk, head, "SUBMIT_FIX", " ")).isEqualTo(422);
        assertThat(action(desk, head, "SUBMIT_FIX", "Reminded everyone; cabinets now locked.")).isEqualTo(200);
        assertThat(action(desk, head, "SUBMIT_FIX", "Again.")).as("already submitted").isEqualTo(409);
        assertThat(action(desk, head, "VERIFY", null)).as("own fix").isEqualTo(403);
        assertThat(action(desk, otherAdmin, "VERIFY", null)).as("not the inspector").isEqualTo(403);
        assertThat(tasks(inspector)).extracting(HomeTask::messageKey).contains("rectification.home.verify");
        assertThat(action(desk, inspector, "REJECT", "")).as("a reason").isEqualTo(422);
        assertThat(action(desk, inspector, "REJECT", "Two desks still had lists on Friday.")).isEqualTo(200);
        assertThat(action(desk, inspector, "VERIFY", null)).as("open again").isEqualTo(409);
        assertThat(action(desk, head, "SUBMIT_FIX", "Clean-desk check every evening by the head.")).isEqualTo(200);
        assertThat(action(desk, inspector, "VERIFY", null)).isEqualTo(200);
        assertThat(action(desk, inspector, "VERIFY", null)).as("twice").isEqualTo(409);
        Map<String, Object> closed = Api.body(api.call(get("/api/v1/rectifications/" + desk), head, null));
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) closed.get("view");
        assertThat(view.get("status")).isEqualTo("CLOSED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) closed.get("steps");
        assertThat(steps).extracting(s -> s.get("kind")).containsExactly("OPENED", "FIX_SUBMITTED", "REJECTED",
                "FIX_SUBMITTED", "VERIFIED");

        // Words written by people stay out of the audit log.
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%desks%' or details like '%cabinets%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action like 'supervision.%'")
                .param(desk.toString()).query(Long.class).single()).as("opened, fixed, rejected, fixed, verified").isEqualTo(5);

        // Who reads: the auditor and management yes; an employee, another department's head no.
        assertThat(api.status(get("/api/v1/inspections/" + id), auditor, null)).isEqualTo(200);
        assertThat(api.status(get("/api/v1/inspections/" + id), manager, null)).isEqualTo(200);
        assertThat(api.status(get("/api/v1/inspections/" + id), head, null)).isEqualTo(200);
        assertThat(api.status(get("/api/v1/inspections/" + id), member, null)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/inspections/" + id), otherHead, null)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/inspections/" + id + "/report.pdf"), otherHead, null)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/rectifications/" + desk), otherHead, null)).isEqualTo(404);
        assertThat(list("/api/v1/inspections", member)).isEmpty();

        String zh = pdf(id, "zh", head);
        assertThat(zh).contains("保密检查报告").contains("2031年第二季度").contains("（第 1 版）")
                .contains("Customer lists left on two desks overnight.")
                .contains("§三").contains("已验证关闭")
                .contains("中国时间").doesNotContain("Asia/Shanghai").doesNotContain("(" + head.username() + ")");
        String en = pdf(id, "en", auditor);
        assertThat(en).contains("Confidentiality inspection report").contains("Total score")
                .contains("33 of 36").contains("Verified and closed").contains("to be fixed by")
                .contains("Times in China Time (UTC+08:00)").doesNotContain("Asia/Shanghai")
                .doesNotContain("(" + head.username() + ")");
        // Chapters §1..§5 once each and in order, the items numbered 1..12 in that order (LOOK-E F15).
        int at = 0;
        for (String chapter : List.of("§1 General", "§2 Organisation", "§3 Handling", "§4 Employees", "§5 Supervision")) {
            assertThat(en.indexOf(chapter, at)).as(chapter).isGreaterThan(at);
            assertThat(en.indexOf(chapter, en.indexOf(chapter, at) + 1)).as("%s once", chapter).isNegative();
            at = en.indexOf(chapter, at);
        }
        CustosUser reader = new CustosUser(auditor.id(), auditor.username(), "Auditor", null, Set.of(Role.AUDITOR),
                EmployeeStatus.ACTIVE);
        List<ChecklistItem> ordered = inspections.detail(id, reader).checklist().items();
        assertThat(ordered).extracting(ChecklistItem::position).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(ordered).extracting(ChecklistItem::chapter)
                .isSortedAccordingTo(java.util.Comparator.comparing(c -> List.of("I", "II", "III", "IV", "V").indexOf(c)));
    }

    @Test
    void nobodyInspectsTheirOwnDepartmentAndOnlyTheAdministrationDepartmentPlans() throws Exception {
        assertThat(api.status(post("/api/v1/inspections"), head, Map.of("departmentId", department, "period", "2031-Q2")))
                .as("a head plans nothing, least of all their own").isEqualTo(403);
        assertThat(api.status(post("/api/v1/inspections"), auditor, Map.of("departmentId", department, "period", "2031-Q2")))
                .as("the auditor inspects but does not plan").isEqualTo(403);
        // An administration officer of the department, and one who is its head.
        TestAccounts.Account insider = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.ADMIN_OFFICER);
        assertThat(api.status(post("/api/v1/inspections"), insider, Map.of("departmentId", department, "period", "2031-Q2")))
                .isEqualTo(422);
        jdbc.sql("update department set head_id = ? where id = ?").params(otherAdmin.id(), department).update();
        assertThat(api.status(post("/api/v1/inspections"), inspector, Map.of("departmentId", department, "period", "2031-Q2",
                "inspectorId", otherAdmin.id()))).as("the department's head").isEqualTo(422);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        assertThat(api.status(post("/api/v1/inspections"), inspector, Map.of("departmentId", department, "period", "2031-Q2",
                "inspectorId", member.id()))).as("not an inspector").isEqualTo(422);
        assertThat(api.status(post("/api/v1/inspections"), inspector, Map.of("departmentId", department, "period", "Q2")))
                .isEqualTo(422);

        UUID id = plan(inspector, department, "2031-Q2", auditor.id());
        assertThat(api.status(post("/api/v1/inspections"), inspector, Map.of("departmentId", department, "period", "2031-q2")))
                .as("once a quarter").isEqualTo(422);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), inspector, Map.of("itemId", DESK_ITEM,
                "score", 3, "isFinding", false))).as("the planner is not the inspector").isEqualTo(403);
        // The auditor moves into the department after the plan: no longer theirs to inspect.
        accounts.moveTo(auditor, department);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), auditor, Map.of("itemId", DESK_ITEM,
                "score", 3, "isFinding", false))).isEqualTo(403);
        accounts.moveTo(auditor, UUID.fromString(jdbc.sql("select id from department where id <> ? "
                + "fetch first 1 rows only").param(department).query(String.class).single()));
        assertThat(api.status(post("/api/v1/inspections/" + id + "/findings"), auditor, Map.of("itemId", DESK_ITEM,
                "score", 3, "isFinding", false))).isEqualTo(200);
    }

    @Test
    void anInspectorWhoJoinsOrHeadsTheDepartmentVerifiesNothingOfIt() throws Exception {
        UUID rectification = completedWithOneFinding();
        assertThat(action(rectification, head, "SUBMIT_FIX", "Cabinet locked.")).isEqualTo(200);
        UUID elsewhere = accounts.customerDepartment("IX" + UUID.randomUUID().toString().substring(0, 6));
        // Moved into the inspected department since the inspection.
        accounts.moveTo(inspector, department);
        assertThat(problem(rectification, inspector, "VERIFY", null)).isEqualTo("inspection-own-department");
        assertThat(problem(rectification, inspector, "REJECT", "Not enough.")).isEqualTo("inspection-own-department");
        // Made its head while working elsewhere.
        accounts.moveTo(inspector, elsewhere);
        jdbc.sql("update department set head_id = ? where id = ?").params(inspector.id(), department).update();
        assertThat(problem(rectification, inspector, "VERIFY", null)).isEqualTo("inspection-own-department");
        // Neither any more: the verification goes through.
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        assertThat(action(rectification, inspector, "VERIFY", null)).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action = "
                + "'supervision.rectification.verified'").param(rectification.toString()).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theDepartmentsCurrentHeadOwnsTheFixNotTheHeadWhoHasMovedOn() throws Exception {
        UUID rectification = completedWithOneFinding();
        // A new head while the old one is still in the department: only the new one submits.
        TestAccounts.Account successor = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(successor.id(), department).update();
        assertThat(problem(rectification, head, "SUBMIT_FIX", "Done by me.")).isEqualTo("rectification-not-owner");
        // The old head moves to another department: no longer theirs to see, nor on their home page.
        UUID elsewhere = accounts.customerDepartment("IY" + UUID.randomUUID().toString().substring(0, 6));
        accounts.moveTo(head, elsewhere);
        assertThat(action(rectification, head, "SUBMIT_FIX", "Done by me.")).isEqualTo(404);
        assertThat(tasks(head)).extracting(HomeTask::messageKey).doesNotContain("rectification.home.open");
        assertThat(tasks(successor)).extracting(HomeTask::messageKey).contains("rectification.home.open");
        assertThat(list("/api/v1/rectifications", successor)).filteredOn(r -> rectification.toString().equals(r.get("id")))
                .singleElement().extracting(r -> r.get("ownerId")).isEqualTo(successor.id().toString());
        assertThat(action(rectification, successor, "SUBMIT_FIX", "Cabinet locked; keys with the new head.")).isEqualTo(200);
        assertThat(jdbc.sql("select owner_id from rectification where id = ?").param(rectification).query(UUID.class)
                .single()).as("the owner on record").isEqualTo(successor.id());
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action = "
                + "'supervision.rectification.fix-submitted' and details like '%ownerChanged%' and details like ?")
                .params(rectification.toString(), "%" + head.id() + "%").query(Long.class).single()).isEqualTo(1);
        assertThat(action(rectification, successor, "VERIFY", null)).as("own fix").isEqualTo(403);
        assertThat(action(rectification, inspector, "REJECT", "The cabinet key is still in the drawer.")).isEqualTo(200);
        assertThat(tasks(successor)).extracting(HomeTask::messageKey).contains("rectification.home.open");
        assertThat(action(rectification, successor, "SUBMIT_FIX", "Key now in the safe.")).isEqualTo(200);
        assertThat(action(rectification, inspector, "VERIFY", null)).isEqualTo(200);
        // Closed: it keeps the owner who answered for it, whoever heads the department later.
        jdbc.sql("update department set head_id = ? where id = ?").params(otherHead.id(), department).update();
        Map<String, Object> closed = Api.body(api.call(get("/api/v1/rectifications/" + rectification), auditor, null));
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) closed.get("view");
        assertThat(view.get("ownerId")).isEqualTo(successor.id().toString());
    }

    @Test
    void anOverdueRectificationIsEscalatedToManagementOnce() throws Exception {
        UUID id = plan(inspector, department, "2031-Q2", null);
        for (UUID item : items(id)) {
            boolean finding = item.equals(DESK_ITEM);
            if (item.equals(TRAINING_ITEM)) {
                // A second finding due in 30 days: open, not overdue.
                record(inspector, id, item, 2, true, "One refresher late.", null, 200);
                continue;
            }
            record(inspector, id, item, finding ? 1 : 3, finding, finding ? "Cabinet left open." : null,
                    finding ? today().plusDays(3) : null, 200);
        }
        // Completed three days later, the deadline has come: the inspector sets a new one first.
        clock.advance(Duration.ofDays(3));
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), inspector, null)).isEqualTo(409);
        record(inspector, id, DESK_ITEM, 1, true, "Cabinet left open.", today().plusDays(3), 200);
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), inspector, null)).isEqualTo(200);
        UUID rectification = jdbc.sql("select id from rectification where inspection_id = ? and item_id = ?")
                .params(id, DESK_ITEM).query(UUID.class).single();
        LocalDate deskDue = today().plusDays(3);
        int before = escalation.sweep();
        assertThat(escalated(rectification)).as("not due yet").isZero();
        clock.advance(Duration.ofDays(3));
        escalation.sweep();
        assertThat(escalated(rectification)).as("due today is not overdue").isZero();
        clock.advance(Duration.ofDays(1));
        // Two open, only one overdue: the home task counts them apart (LOOK-E F5).
        assertThat(tasks(head)).filteredOn(t -> t.messageKey().equals("rectification.home.late"))
                .singleElement().extracting(HomeTask::args).isEqualTo(List.of(2, 1, deskDue.toString()));
        // The report marks the overdue one (LOOK-E F14).
        assertThat(pdf(id, "en", auditor)).contains("Open, overdue");
        assertThat(pdf(id, "zh", auditor)).contains("待整改，已逾期");
        assertThat(escalation.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(escalation.sweep()).isZero();
        clock.advance(Duration.ofDays(2));
        escalation.sweep();
        assertThat(escalated(rectification)).as("once").isEqualTo(1);
        assertThat(tasks(manager)).extracting(HomeTask::messageKey).contains("rectification.home.escalated");
        assertThat(before).isGreaterThanOrEqualTo(0);
        // A late fix is still taken and verified; the escalation stays on record.
        assertThat(action(rectification, head, "SUBMIT_FIX", "Lock fitted.")).isEqualTo(200);
        assertThat(action(rectification, inspector, "VERIFY", null)).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from rectification_step where rectification_id = ? and kind = 'ESCALATED'")
                .param(rectification).query(Long.class).single()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    /** An inspection of the department completed with one finding (the desk), due in 20 days: its rectification. */
    private UUID completedWithOneFinding() throws Exception {
        UUID id = plan(inspector, department, "2031-Q2", null);
        for (UUID item : items(id)) {
            boolean finding = item.equals(DESK_ITEM);
            record(inspector, id, item, finding ? 1 : 3, finding, finding ? "Cabinet left open." : null,
                    finding ? today().plusDays(20) : null, 200);
        }
        assertThat(api.status(post("/api/v1/inspections/" + id + "/complete"), inspector, null)).isEqualTo(200);
        return jdbc.sql("select id from rectification where inspection_id = ?").param(id).query(UUID.class).single();
    }

    /** The refusal's code (the problem detail's {@code code}) of a step that must be refused with 403. */
    private String problem(UUID rectification, TestAccounts.Account by, String action, String text) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        if (text != null) {
            body.put("text", text);
        }
        MvcResult result = api.call(post("/api/v1/rectifications/" + rectification + "/actions"), by, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(403);
        return (String) Api.body(result).get("code");
    }

    private UUID plan(TestAccounts.Account by, UUID departmentId, String period, UUID inspectorId) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("departmentId", departmentId);
        body.put("period", period);
        if (inspectorId != null) {
            body.put("inspectorId", inspectorId);
        }
        MvcResult planned = api.call(post("/api/v1/inspections"), by, body);
        assertThat(planned.getResponse().getStatus()).as(planned.getResponse().getContentAsString()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) Api.body(planned).get("view");
        return UUID.fromString((String) view.get("id"));
    }

    @SuppressWarnings("unchecked")
    private List<UUID> items(UUID id) throws Exception {
        Map<String, Object> checklist = (Map<String, Object>) Api.body(api.call(get("/api/v1/inspections/" + id), inspector,
                null)).get("checklist");
        return ((List<Map<String, Object>>) checklist.get("items")).stream().map(i -> UUID.fromString((String) i.get("id")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> figures(Map<String, Object> live, UUID item) {
        Map<String, Object> f = (Map<String, Object>) live.get(item.toString());
        return java.util.Arrays.asList(f.get("main"), f.get("extra"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> live(UUID id, TestAccounts.Account by) throws Exception {
        MvcResult result = api.call(get("/api/v1/inspections/" + id), by, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return (Map<String, Object>) Api.body(result).get("live");
    }

    private void record(TestAccounts.Account by, UUID id, UUID item, int score, boolean finding, String text,
            LocalDate deadline, int expected) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("itemId", item);
        body.put("score", score);
        body.put("isFinding", finding);
        if (text != null) {
            body.put("findingText", text);
        }
        if (deadline != null) {
            body.put("deadline", deadline.toString());
        }
        MvcResult result = api.call(post("/api/v1/inspections/" + id + "/findings"), by, body);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expected);
    }

    private int action(UUID rectification, TestAccounts.Account by, String action, String text) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("action", action);
        if (text != null) {
            body.put("text", text);
        }
        return api.status(post("/api/v1/rectifications/" + rectification + "/actions"), by, body);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String path, TestAccounts.Account by) throws Exception {
        MvcResult result = api.call(get(path), by, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return Api.JSON.readValue(result.getResponse().getContentAsString(), List.class);
    }

    private String pdf(UUID id, String lang, TestAccounts.Account by) throws Exception {
        MvcResult result = api.call(get("/api/v1/inspections/" + id + "/report.pdf?lang=" + lang), by, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PDF_VALUE);
        try (PDDocument document = Loader.loadPDF(result.getResponse().getContentAsByteArray())) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private long escalated(UUID rectification) {
        return jdbc.sql("select count(*) from audit_event where action = 'supervision.rectification.escalated' "
                + "and target_id = ?").param(rectification.toString()).query(Long.class).single();
    }

    private void act(TestAccounts.Account by, String action, AuditOutcome outcome) {
        transactions.executeWithoutResult(status -> auditLog.record(AuditEvent.of(AuditCategory.DATA, action, outcome)
                .actor(new Actor(Actor.ActorType.EMPLOYEE, by.id(), by.username())).target("customer", UUID.randomUUID())
                .build()));
    }

    /** A published mandatory course assigned to the department, due on the day; nobody has passed it. */
    private void course(UUID departmentId, LocalDate due) {
        TestAccounts.Account officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        CustosUser user = new CustosUser(officer.id(), officer.username(), "Officer", null, Set.of(Role.ADMIN_OFFICER),
                EmployeeStatus.ACTIVE);
        as(user, () -> {
            UUID course = courses.create(new CourseContent("保密培训", "Confidentiality training", "简介", "Summary", 80, 1,
                    true), user);
            courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), user);
            courses.addQuestion(course, new QuestionContent("问题", "Question", List.of(
                    new QuestionContent.Option("错", "Wrong", false), new QuestionContent.Option("对", "Right", true))), user);
            courses.publish(course, user);
            courses.assign(course, null, departmentId, due, user);
            return null;
        });
    }

    private List<HomeTask> tasks(TestAccounts.Account person) {
        return homeTasks.stream().filter(InspectionHomeTasks.class::isInstance)
                .flatMap(p -> p.tasksFor(person.id()).stream()).toList();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    private static ZoneId zone() {
        return ZoneId.of("Asia/Shanghai");
    }
}
