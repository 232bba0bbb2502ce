package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.retention.LegalHolds;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Casework for staff (R-CUS-1, R-CUS-2, issue 19.4-19.7): deadlines in working days that stop while
 * paused and move once by an extension, escalation to the head and then the administration
 * department, a complaint's legal hold for as long as it is open, corrections and deletions carried
 * out through the registry's and retention's paths, and who may see and decide what.
 */
@IntegrationTest
class CaseworkTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired LegalHolds holds;
    @Autowired CaseEscalation escalation;
    @Autowired WorkingCalendar calendar;
    @Autowired List<HomeTaskProvider> homeTasks;

    UUID department;
    TestAccounts.Account head;
    TestAccounts.Account owner;
    TestAccounts.Account colleague;
    TestAccounts.Account admin;
    TestAccounts.Account outsider;
    TestAccounts.Account auditor;
    UUID customer;

    @BeforeEach
    void company() throws Exception {
        // A Monday far from any calendar entry, so only weekends are days off here.
        clock.set(LocalDate.of(2031, 3, 3).atTime(10, 0).atZone(zone()).toInstant());
        Instant now = clock.instant();
        department = accounts.customerDepartment("CW" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        owner = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        colleague = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        admin = RetentionFixture.person(accounts, documents, now, null, Role.ADMIN_OFFICER);
        outsider = RetentionFixture.person(accounts, documents, now,
                accounts.customerDepartment("CX" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        customer = RetentionFixture.customer(mvc, token(owner), "Casework Trading");
    }

    @Test
    void aComplaintKeepsTheCustomerOnHoldUntilAHeadClosesItAndItsWordsStayWithThoseWhoAnswer() throws Exception {
        MvcResult entered = call(post("/api/v1/cases"), owner, Map.of("customerId", customer, "type", "COMPLAINT",
                "channel", "LETTER", "receivedOn", today().toString(), "text", "Your salesman phoned me at midnight."));
        assertThat(entered.getResponse().getStatus()).as(entered.getResponse().getContentAsString()).isEqualTo(201);
        Map<String, Object> body = Api.body(entered);
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) body.get("view");
        UUID id = UUID.fromString((String) view.get("id"));
        assertThat((String) view.get("reference")).matches("CW-2031-\\d{6}");
        // 15 working days from Monday 3 March 2031: three weeks, on Monday 24 March.
        assertThat(view.get("dueOn")).isEqualTo("2031-03-24");
        assertThat(view.get("verification")).as("entered by staff: not verified yet").isNull();
        assertThat(body.get("text")).isEqualTo("Your salesman phoned me at midnight.");
        assertThat(holds.activeOn(List.of(customer))).as("a complaint holds the customer's records").hasSize(1);
        // Nothing the customer wrote reaches the audit log.
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%midnight%'").query(Long.class)
                .single()).isZero();

        // The colleague does not see it; the auditor sees dates and codes but not the words.
        assertThat(status(get("/api/v1/cases/" + id), colleague)).isEqualTo(404);
        MvcResult audited = call(get("/api/v1/cases/" + id), auditor, null);
        assertThat(audited.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(audited).get("text")).isNull();
        assertThat(audited.getResponse().getContentAsString()).doesNotContain("midnight");

        // The head gives it to the colleague, who verifies the customer but may not close a complaint.
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), owner,
                Map.of("action", "ASSIGN", "assigneeId", colleague.id()))).as("not the owner's to assign")
                .isEqualTo(403);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), head,
                Map.of("action", "ASSIGN", "assigneeId", outsider.id()))).as("only someone of the department")
                .isEqualTo(422);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), head,
                Map.of("action", "ASSIGN", "assigneeId", colleague.id()))).isEqualTo(200);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), colleague,
                Map.of("action", "CLOSE", "outcome", "GRANTED", "replyZh", "已处理", "replyEn", "Done"))).as("a complaint")
                .isEqualTo(403);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), head,
                Map.of("action", "CLOSE", "outcome", "GRANTED", "replyZh", "已处理", "replyEn", "Done")))
                .as("not verified").isEqualTo(409);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), colleague,
                Map.of("action", "VERIFY", "verification", "CALL_BACK"))).isEqualTo(200);
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), colleague,
                Map.of("action", "NOTE", "text", "Called the customer back; the salesman was the owner."))).isEqualTo(200);
        // Whoever entered it follows it, but not the notes of those answering it.
        MvcResult followed = call(get("/api/v1/cases/" + id), owner, null);
        assertThat(followed.getResponse().getStatus()).isEqualTo(200);
        assertThat(followed.getResponse().getContentAsString()).contains("midnight").doesNotContain("Called the customer");

        MvcResult closed = call(post("/api/v1/cases/" + id + "/actions"), head, Map.of("action", "CLOSE", "outcome",
                "GRANTED", "replyZh", "我们已批评教育相关人员。", "replyEn", "We have spoken to the salesman."));
        assertThat(closed.getResponse().getStatus()).as(closed.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(holds.activeOn(List.of(customer))).as("released with the case").isEmpty();
        assertThat(Api.body(closed).get("replyEn")).isEqualTo("We have spoken to the salesman.");
        assertThat(status(post("/api/v1/cases/" + id + "/actions"), head, Map.of("action", "NOTE", "text", "late")))
                .as("notes may follow a closed case").isEqualTo(200);
    }

    @Test
    void theClockStopsWhilePausedAndMovesOnceByAnExtensionOfAHead() throws Exception {
        UUID id = enter(owner, Map.of("customerId", customer, "type", "COPY", "channel", "PHONE",
                "receivedOn", today().toString()));
        assign(head, id, owner);
        CaseView before = view(id, owner);
        assertThat(before.dueOn()).isEqualTo(LocalDate.of(2031, 3, 24));
        assertThat(before.workingDaysLeft()).isEqualTo(15);

        // Paused on Wednesday, resumed the next Wednesday: five working days stood still.
        clock.set(clock.instant().plusSeconds(2 * 86_400));
        act(owner, id, Map.of("action", "PAUSE", "text", "Waiting for a copy of the ID card."), 200);
        act(owner, id, Map.of("action", "PAUSE", "text", "again"), 409);
        clock.set(clock.instant().plusSeconds(7 * 86_400));
        CaseView paused = view(id, owner);
        assertThat(paused.status()).isEqualTo(CaseStatus.PAUSED);
        assertThat(paused.workingDaysLeft()).as("as it stood when paused").isEqualTo(13);
        act(owner, id, Map.of("action", "RESUME"), 200);
        CaseView resumed = view(id, owner);
        assertThat(resumed.pausedDays()).isEqualTo(5);
        assertThat(resumed.dueOn()).isEqualTo(LocalDate.of(2031, 3, 31));

        // An extension is a head's, once, within the limit, with a reason.
        act(owner, id, Map.of("action", "EXTEND", "days", 10, "text", "Archive in another city"), 403);
        act(head, id, Map.of("action", "EXTEND", "days", 16, "text", "Too long"), 422);
        act(head, id, Map.of("action", "EXTEND", "days", 10), 422);
        act(head, id, Map.of("action", "EXTEND", "days", 10, "text", "Archive in another city"), 200);
        assertThat(view(id, owner).dueOn()).isEqualTo(LocalDate.of(2031, 4, 14));
        act(head, id, Map.of("action", "EXTEND", "days", 5, "text", "More"), 409);
    }

    @Test
    void aCaseNearItsDueDateGoesToTheHeadAndOnceOverdueToTheAdministrationDepartment() throws Exception {
        UUID id = enter(owner, Map.of("customerId", customer, "type", "EXPLANATION", "channel", "EMAIL",
                "receivedOn", today().toString(), "text", "Why did a partner call me?"));
        escalation.sweep();
        assertThat(view(id, head).escalation()).isEqualTo(Escalation.NONE);

        // Monday 17 March: five working days left.
        clock.set(clock.instant().plusSeconds(14 * 86_400));
        escalation.sweep();
        assertThat(view(id, head).escalation()).isEqualTo(Escalation.HEAD);
        assertThat(tasks(head)).extracting(HomeTask::messageKey).contains("home.task.casework.near-due");
        int before = escalations(id);
        escalation.sweep();
        assertThat(escalations(id)).as("told once").isEqualTo(before);

        // Tuesday 25 March: a working day past the due date.
        clock.set(clock.instant().plusSeconds(8 * 86_400));
        escalation.sweep();
        CaseView overdue = view(id, admin);
        assertThat(overdue.escalation()).isEqualTo(Escalation.ADMIN);
        assertThat(overdue.overdue()).isTrue();
        assertThat(tasks(admin)).extracting(HomeTask::messageKey).contains("home.task.casework.overdue");
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        assertThat(tasks(manager)).extracting(HomeTask::messageKey).contains("home.task.casework.management-overdue");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'casework.case.escalated' and target_id = ?")
                .param(id.toString()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aCorrectionIsAnEditOfTheAnsweringPersonAndADeletionARetentionRequestBothAfterVerification()
            throws Exception {
        UUID correction = enter(owner, Map.of("customerId", customer, "type", "CORRECTION", "channel", "LETTER",
                "receivedOn", today().toString(), "fieldKey", "city", "correction", "Hangzhou"));
        assign(head, correction, owner);
        act(owner, correction, Map.of("action", "CLOSE", "outcome", "GRANTED", "replyZh", "已更正", "replyEn", "Done"),
                409);
        act(owner, correction, Map.of("action", "CARRY_OUT"), 409);
        act(owner, correction, Map.of("action", "VERIFY", "verification", "ID_DOCUMENT"), 200);
        act(owner, correction, Map.of("action", "CARRY_OUT"), 200);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.record.updated' and target_id = ?")
                .param(customer.toString()).query(Long.class).single()).isPositive();
        MvcResult read = call(get("/api/v1/customers/" + customer), owner, null);
        assertThat(read.getResponse().getContentAsString()).contains("Hangzhou");
        act(owner, correction, Map.of("action", "CARRY_OUT"), 409);
        act(owner, correction, Map.of("action", "CLOSE", "outcome", "GRANTED", "replyZh", "已更正", "replyEn",
                "Corrected"), 200);

        UUID deletion = enter(owner, Map.of("customerId", customer, "type", "DELETION", "channel", "LETTER",
                "receivedOn", today().toString()));
        assign(head, deletion, owner);
        act(owner, deletion, Map.of("action", "VERIFY", "verification", "KNOWN_CONTACT"), 200);
        act(owner, deletion, Map.of("action", "CARRY_OUT"), 200);
        assertThat(view(deletion, owner).deletionRequestId()).isNotNull();
        assertThat(jdbc.sql("select count(*) from deletion_request where customer_id = ? and status = 'OPEN'")
                .param(customer).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRestrictionWithdrawsEveryPurposeSoNoRevealIsAllowedAfterIt() throws Exception {
        MvcResult before = call(post("/api/v1/customers/" + customer + "/reveal"), owner,
                Map.of("fields", List.of("phone"), "purpose", "SALES_FOLLOW_UP"));
        assertThat(before.getResponse().getStatus()).as(before.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(before.getResponse().getContentAsString()).contains(RetentionFixture.PHONE);
        UUID restriction = enter(owner, Map.of("customerId", customer, "type", "RESTRICTION", "channel", "PHONE",
                "receivedOn", today().toString()));
        assign(head, restriction, owner);
        act(owner, restriction, Map.of("action", "CARRY_OUT"), 409);
        act(owner, restriction, Map.of("action", "VERIFY", "verification", "CALL_BACK"), 200);
        act(owner, restriction, Map.of("action", "CARRY_OUT"), 200);
        MvcResult after = call(post("/api/v1/customers/" + customer + "/reveal"), owner,
                Map.of("fields", List.of("phone"), "purpose", "SALES_FOLLOW_UP"));
        assertThat(after.getResponse().getContentAsString()).as("after: no purpose left")
                .doesNotContain(RetentionFixture.PHONE).contains("purpose-not-consented");
        act(owner, restriction, Map.of("action", "CARRY_OUT"), 409);
        act(owner, restriction, Map.of("action", "CLOSE", "outcome", "GRANTED", "replyZh", "已限制处理。",
                "replyEn", "We no longer use your data."), 200);
    }

    @Test
    void nobodyEntersACaseForACustomerOutsideTheirDepartmentAndBadInputIsAProblemNotAnError() throws Exception {
        assertThat(status(post("/api/v1/cases"), outsider, Map.of("customerId", customer, "type", "COPY",
                "channel", "LETTER", "receivedOn", today().toString()))).as("does not say the customer exists")
                .isEqualTo(404);
        assertThat(status(post("/api/v1/cases"), admin, Map.of("customerId", customer, "type", "COPY",
                "channel", "LETTER", "receivedOn", today().toString()))).as("the administration department")
                .isEqualTo(201);
        Map<String, Object> good = new LinkedHashMap<>(Map.of("customerId", customer, "type", "CLAIM",
                "channel", "LETTER", "receivedOn", today().toString(), "text", "Lost an order", "amount", "1200.50"));
        assertThat(status(post("/api/v1/cases"), owner, with(good, "receivedOn", today().plusDays(1).toString())))
                .isEqualTo(422);
        assertThat(status(post("/api/v1/cases"), owner, with(good, "receivedOn", today().minusDays(40).toString())))
                .isEqualTo(422);
        assertThat(status(post("/api/v1/cases"), owner, with(good, "amount", "-3"))).isEqualTo(422);
        assertThat(status(post("/api/v1/cases"), owner, with(good, "amount", "1.234"))).isEqualTo(422);
        assertThat(status(post("/api/v1/cases"), owner, with(good, "text", "bell\u0007"))).isEqualTo(422);
        assertThat(status(post("/api/v1/cases"), owner, with(good, "channel", "PORTAL"))).as("staff never file as the portal")
                .isEqualTo(422);
        MvcResult unknownType = call(post("/api/v1/cases"), owner, with(good, "type", "REFUND"));
        assertThat(unknownType.getResponse().getStatus()).isBetween(400, 422);
        assertThat(unknownType.getResponse().getContentType()).contains("problem+json");
        MvcResult claim = call(post("/api/v1/cases"), owner, good);
        assertThat(claim.getResponse().getStatus()).isEqualTo(201);
        assertThat(claim.getResponse().getContentAsString()).contains("\"amountFen\":120050");
    }

    @Test
    void publicHolidaysAreNoWorkingDaysAndOneEnteredLaterMovesAnOpenCase() throws Exception {
        CustosUser officer = new CustosUser(admin.id(), admin.username(), admin.username(), null,
                Set.of(Role.ADMIN_OFFICER), EmployeeStatus.ACTIVE);
        LocalDate holiday = LocalDate.of(2031, 3, 12);
        LocalDate makeUp = LocalDate.of(2031, 3, 15);
        try {
            UUID before = enter(owner, Map.of("customerId", customer, "type", "COPY", "channel", "LETTER",
                    "receivedOn", today().toString()));
            assertThat(view(before, owner).dueOn()).isEqualTo(LocalDate.of(2031, 3, 24));

            // The notice is entered after the case arrived: a Wednesday off, a Saturday worked.
            Gate.as(officer, () -> calendar.set(holiday, false, "测试假日", "Test holiday", officer));
            Gate.as(officer, () -> calendar.set(makeUp, true, "调休上班", "Make-up working day", officer));
            UUID after = enter(owner, Map.of("customerId", customer, "type", "COPY", "channel", "LETTER",
                    "receivedOn", today().toString()));
            assertThat(view(after, owner).dueOn()).as("one day off, one day worked").isEqualTo(LocalDate.of(2031, 3, 24));
            Gate.as(officer, () -> {
                calendar.remove(makeUp, officer);
                return null;
            });
            UUID third = enter(owner, Map.of("customerId", customer, "type", "COPY", "channel", "LETTER",
                    "receivedOn", today().toString()));
            assertThat(view(third, owner).dueOn()).as("the holiday alone").isEqualTo(LocalDate.of(2031, 3, 25));

            // The sweep counts the open case filed before the notice again.
            escalation.sweep();
            assertThat(view(before, owner).dueOn()).isEqualTo(LocalDate.of(2031, 3, 25));
        } finally {
            for (LocalDate day : List.of(holiday, makeUp)) {
                if (calendar.year(2031).stream().anyMatch(d -> d.day().equals(day))) {
                    Gate.as(officer, () -> {
                        calendar.remove(day, officer);
                        return null;
                    });
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private UUID enter(TestAccounts.Account by, Map<String, Object> body) throws Exception {
        MvcResult entered = call(post("/api/v1/cases"), by, body);
        assertThat(entered.getResponse().getStatus()).as(entered.getResponse().getContentAsString()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) Api.body(entered).get("view");
        return UUID.fromString((String) view.get("id"));
    }

    private void assign(TestAccounts.Account by, UUID id, TestAccounts.Account to) throws Exception {
        act(by, id, Map.of("action", "ASSIGN", "assigneeId", to.id()), 200);
    }

    private void act(TestAccounts.Account by, UUID id, Map<String, Object> body, int expected) throws Exception {
        MvcResult result = call(post("/api/v1/cases/" + id + "/actions"), by, body);
        assertThat(result.getResponse().getStatus()).as(body + " " + result.getResponse().getContentAsString())
                .isEqualTo(expected);
    }

    private CaseView view(UUID id, TestAccounts.Account by) throws Exception {
        MvcResult result = call(get("/api/v1/cases/" + id), by, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return Api.JSON.convertValue(Api.body(result).get("view"), CaseView.class);
    }

    private int escalations(UUID id) {
        return jdbc.sql("select count(*) from casework_entry where case_id = ? and kind = 'ESCALATED'").param(id)
                .query(Integer.class).single();
    }

    private List<HomeTask> tasks(TestAccounts.Account person) {
        return homeTasks.stream().filter(CaseworkHomeTasks.class::isInstance)
                .flatMap(p -> p.tasksFor(person.id()).stream()).toList();
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(key, value);
        return changed;
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            TestAccounts.Account by) throws Exception {
        return call(request, by, null).getResponse().getStatus();
    }

    private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            TestAccounts.Account by, Map<String, Object> body) throws Exception {
        return call(request, by, body).getResponse().getStatus();
    }

    private MvcResult call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            TestAccounts.Account by, Map<String, Object> body) throws Exception {
        request.header("Authorization", token(by));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }

    private final Map<UUID, String> tokens = new java.util.HashMap<>();
    private Instant tokensAt = Instant.EPOCH;

    /** One token per person while the clock stands still; a moved clock may have outlived them. */
    private String token(TestAccounts.Account account) throws Exception {
        if (!clock.instant().equals(tokensAt)) {
            tokens.clear();
            tokensAt = clock.instant();
        }
        String token = tokens.get(account.id());
        if (token == null) {
            token = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), token);
        }
        return token;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    private static ZoneId zone() {
        return ZoneId.of("Asia/Shanghai");
    }
}
