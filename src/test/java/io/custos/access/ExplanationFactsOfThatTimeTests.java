package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
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
import org.springframework.security.access.AccessDeniedException;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.identity.CustosUser;
import io.custos.training.CourseContent;
import io.custos.training.Courses;
import io.custos.training.LessonContent;
import io.custos.training.PolicyDocuments;
import io.custos.training.QuestionContent;
import io.custos.training.Quizzes;
import io.custos.training.TrainingGate;

/**
 * "Why could they see it?" judged with the facts of that time (issue 14.4): an agreement accepted,
 * a consent withdrawn or a role added afterwards does not turn a recorded refusal or reveal into
 * its opposite, nor does a mandatory course passed afterwards, a pass run out since or a move to
 * another department; a fact whose history begins later says so; the page names people and
 * customers instead of asking for ids.
 */
@IntegrationTest
class ExplanationFactsOfThatTimeTests {

    static final String PHONE = "+86 139 2468 1357";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired EmployeeManagement management;
    @Autowired Employees employees;
    @Autowired Courses courses;
    @Autowired Quizzes quizzes;
    @Autowired TrainingGate trainingGate;
    @Autowired JdbcClient jdbc;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;
    String company;
    UUID customer;
    String auditorToken;

    @BeforeEach
    void aDepartmentWithACustomer() throws Exception {
        department = accounts.department("X" + UUID.randomUUID().toString().substring(0, 6));
        owner = person(Role.EMPLOYEE);
        Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        ownerToken = Api.token(mvc, owner, clock.instant());
        company = "Explain " + UUID.randomUUID().toString().substring(0, 8);
        List<String> purposes = new ArrayList<>(Consents.ALL_BUILT_IN_FIELDS);
        customer = create(company, purposes);
        TestAccounts.Account auditor = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false);
        auditorToken = Api.token(mvc, auditor, clock.instant());
    }

    @Test
    void aRefusalForAMissingAgreementStaysRefusedAfterThePersonAcceptsIt() throws Exception {
        TestAccounts.Account head = person(Role.EMPLOYEE, Role.DEPT_HEAD);
        assertThat(reveal(Api.token(mvc, head, clock.instant())).getResponse().getStatus()).isEqualTo(403);
        Instant refused = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        Gate.pass(documents, accounts, clock.instant(), head, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        clock.advance(Duration.ofMinutes(5));

        Map<String, Object> then = explain(head.username(), refused);
        assertThat(map(then, "recorded")).containsEntry("outcome", "DENY").containsEntry("reason", "agreement-missing");
        assertThat(map(map(then, "evaluated"), "reveal")).containsEntry("outcome", "DENY")
                .containsEntry("reason", "AGREEMENT_MISSING");
        assertThat(fact(then, "AGREEMENT")).isTrue();
        assertThat(fact(then, "TRAINING")).isTrue();

        Map<String, Object> now = explain(head.username(), clock.instant());
        assertThat(map(map(now, "evaluated"), "reveal")).containsEntry("rule", "department-head")
                .doesNotContainEntry("reason", "AGREEMENT_MISSING");
    }

    @Test
    void aRevealStaysExplainedAsAllowedAfterTheCustomerWithdrawsTheConsent() throws Exception {
        assertThat(reveal(ownerToken).getResponse().getStatus()).isEqualTo(200);
        Instant revealed = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        MvcResult withdrawn = mvc.perform(post("/api/v1/customers/" + customer + "/consents/withdrawals")
                .header("Authorization", ownerToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("purposes", List.of("SALES_FOLLOW_UP"))))).andReturn();
        assertThat(withdrawn.getResponse().getStatus()).as(withdrawn.getResponse().getContentAsString()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));

        Map<String, Object> then = explain(owner.username(), revealed);
        assertThat(map(then, "recorded")).containsEntry("outcome", "SHOW");
        assertThat(map(map(then, "evaluated"), "reveal")).containsEntry("outcome", "SHOW");
        assertThat(fact(then, "CONSENT")).isTrue();
        assertThat(map(map(explain(owner.username(), clock.instant()), "evaluated"), "reveal"))
                .containsEntry("outcome", "DENY").containsEntry("reason", "PURPOSE_NOT_CONSENTED");
    }

    @Test
    void aRefusalStaysRefusedAfterARoleThatAllowsItIsAdded() throws Exception {
        TestAccounts.Account colleague = person(Role.EMPLOYEE);
        Gate.pass(documents, accounts, clock.instant(), colleague, Set.of(Role.EMPLOYEE));
        assertThat(reveal(Api.token(mvc, colleague, clock.instant())).getResponse().getStatus()).isEqualTo(403);
        Instant refused = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        TestAccounts.Account admin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        EmployeeView before = employees.byId(colleague.id()).orElseThrow();
        Gate.as(Gate.user(admin, Set.of(Role.SYSTEM_ADMIN)), () -> management.update(colleague.id(),
                new EmployeeManagement.EmployeeUpdate(before.displayName(), before.email(), before.departmentId(),
                        before.position(), EnumSet.of(Role.EMPLOYEE, Role.DEPT_HEAD), EmployeeStatus.ACTIVE),
                Gate.user(admin, Set.of(Role.SYSTEM_ADMIN))));
        // A customer-content role is given only once a second person approves it (issue 13.2).
        accounts.approvePendingRoles(clock.instant(), colleague.id());
        clock.advance(Duration.ofMinutes(5));

        Map<String, Object> then = explain(colleague.username(), refused);
        assertThat(map(then, "recorded")).containsEntry("outcome", "DENY");
        assertThat(map(map(then, "evaluated"), "reveal")).containsEntry("outcome", "DENY")
                .doesNotContainEntry("rule", "department-head");
        assertThat(fact(then, "ROLES")).isTrue();
        assertThat(map(map(explain(colleague.username(), clock.instant()), "evaluated"), "reveal"))
                .containsEntry("rule", "department-head");
    }

    @Test
    void everyFactIsReplayedNowThatTrainingAndDepartmentsKeepTheirHistory() throws Exception {
        reveal(ownerToken);
        Map<String, Object> now = explain(owner.username(), clock.instant());
        for (String kind : List.of("ROLES", "STATUS", "DEPARTMENT", "CONSENT", "AGREEMENT", "TRAINING")) {
            assertThat(fact(now, kind)).as(kind).isTrue();
        }

        MockHttpSession auditor = Pages.signIn(mvc, accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false), clock.instant());
        String english = page(auditor, "en", owner.username(), customer.toString(), null);
        assertThat(english).contains("id=\"facts\"", "As it was at that time", "Mandatory training", "Department")
                .doesNotContain("Taken from today", "TRAINING", "historySince");
        assertThat(page(auditor, "zh-CN", owner.username(), customer.toString(), null)).contains("当时的情况", "必修培训")
                .doesNotContain("取自今天");
    }

    /** Issue 14.4: a refusal because the mandatory course was not passed stays one after it is passed. */
    @Test
    void aPersonWhoPassedTheMandatoryCourseOnlyAfterwardsWasBehindAClosedGate() throws Exception {
        UUID course = mandatoryCourseFor(department);
        MvcResult refused = reveal(ownerToken);
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        Instant then = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        pass(owner, course);
        assertThat(reveal(ownerToken).getResponse().getStatus()).as("the gate is open today").isEqualTo(200);
        clock.advance(Duration.ofMinutes(5));

        Map<String, Object> explained = explain(owner.username(), then);
        assertThat(map(explained, "recorded")).containsEntry("outcome", "DENY")
                .containsEntry("reason", "training-missing");
        assertThat(map(map(explained, "evaluated"), "reveal")).containsEntry("outcome", "DENY")
                .containsEntry("reason", "TRAINING_MISSING");
        assertThat(fact(explained, "TRAINING")).isTrue();
    }

    /** Issue 14.4: a reveal under a pass valid then stays explained as allowed once the pass has run out. */
    @Test
    void aPassValidThenButRunOutSinceKeptTheGateOpen() throws Exception {
        UUID course = mandatoryCourseFor(department);
        pass(owner, course);
        assertThat(reveal(ownerToken).getResponse().getStatus()).isEqualTo(200);
        Instant then = clock.instant();
        clock.advance(Duration.ofDays(400)); // the pass counts for a year
        // Other classes may have published an agreement version since: accepted, only the course blocks today.
        Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        auditorToken = Api.token(mvc, accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false), clock.instant());

        Map<String, Object> explained = explain(owner.username(), then);
        assertThat(map(explained, "recorded")).containsEntry("outcome", "SHOW");
        assertThat(map(map(explained, "evaluated"), "reveal")).containsEntry("outcome", "SHOW")
                .containsEntry("rule", "owner");
        assertThat(fact(explained, "TRAINING")).isTrue();
        assertThat(map(map(explain(owner.username(), clock.instant()), "evaluated"), "reveal"))
                .containsEntry("outcome", "DENY").containsEntry("reason", "TRAINING_EXPIRED");
    }

    /**
     * Issue 14.4: a department head who reveals in their department and is moved afterwards is
     * judged as the head of that department; where the record of moves began only after the move,
     * the page says from when it is kept instead of presenting the later department as that time's.
     */
    @Test
    void aDepartmentMoveAfterwardsDoesNotChangeTheAnswerAndHistoryBeginningLaterIsSaid() throws Exception {
        TestAccounts.Account head = person(Role.EMPLOYEE, Role.DEPT_HEAD);
        Gate.pass(documents, accounts, clock.instant(), head, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        assertThat(reveal(Api.token(mvc, head, clock.instant())).getResponse().getStatus()).isEqualTo(200);
        Instant then = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        UUID elsewhere = accounts.department("Y" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account admin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        EmployeeView before = employees.byId(head.id()).orElseThrow();
        Gate.as(Gate.user(admin, Set.of(Role.SYSTEM_ADMIN)), () -> management.update(head.id(),
                new EmployeeManagement.EmployeeUpdate(before.displayName(), before.email(), elsewhere,
                        before.position(), before.roles(), EmployeeStatus.ACTIVE),
                Gate.user(admin, Set.of(Role.SYSTEM_ADMIN))));
        // Moving someone who holds customer-content roles waits for a second person (issue 13.2).
        accounts.approvePendingRoles(clock.instant(), head.id());
        assertThat(employees.byId(head.id()).orElseThrow().departmentId()).isEqualTo(elsewhere);
        Instant moved = clock.instant();
        clock.advance(Duration.ofMinutes(5));

        Map<String, Object> explained = explain(head.username(), then);
        assertThat(map(map(explained, "evaluated"), "reveal")).containsEntry("outcome", "SHOW")
                .containsEntry("rule", "department-head");
        assertThat(fact(explained, "DEPARTMENT")).isTrue();
        assertThat(map(map(explain(head.username(), clock.instant()), "evaluated"), "reveal"))
                .containsEntry("outcome", "DENY").doesNotContainEntry("rule", "department-head");

        // As if this version had been installed after the move: the move is in the audit log only.
        jdbc.sql("delete from employee_department_change where employee_id = ?").param(head.id()).update();
        Instant installed = moved.plus(Duration.ofMinutes(1));
        jdbc.sql("update employee set department_history_since = ? where id = ?")
                .params(installed.atOffset(java.time.ZoneOffset.UTC), head.id()).update();
        Map<String, Object> unknown = explain(head.username(), then);
        assertThat(fact(unknown, "DEPARTMENT")).isFalse();
        Object since = ((List<Map<String, Object>>) unknown.get("facts")).stream()
                .filter(f -> "DEPARTMENT".equals(f.get("fact"))).findFirst().orElseThrow().get("historySince");
        assertThat(Duration.between(installed, Instant.parse(String.valueOf(since))).abs())
                .isLessThan(Duration.ofMillis(1));
        MockHttpSession auditor = Pages.signIn(mvc, accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false), clock.instant());
        String day = java.time.LocalDate.ofInstant(installed, java.time.ZoneId.of("Asia/Shanghai")).toString();
        assertThat(page(auditor, "en", head.username(), customer.toString(), null, at(then)))
                .contains("Its history begins on " + day + ": as it was then");
        assertThat(page(auditor, "zh-CN", head.username(), customer.toString(), null, at(then)))
                .contains("其历史记录始于 " + day);
    }

    /**
     * Insider abuse: the as-of answer is reached only through an explanation, which only the
     * security administrator and the auditor may ask; it never says when a pass will run out (an
     * instant to come is answered as of now), and it carries no score, date or course result.
     */
    @Test
    void theAsOfTrainingAnswerCannotBeSteeredToReadSomeoneElsesRecord() throws Exception {
        UUID course = mandatoryCourseFor(department);
        pass(owner, course);
        TestAccounts.Account officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        for (TestAccounts.Account asker : List.of(owner, officer)) {
            assertThat(mvc.perform(get("/api/v1/access/explain").param("employee", owner.username())
                    .param("customer", customer.toString()).param("field", "phone")
                    .header("Authorization", Api.token(mvc, asker, clock.instant()))).andReturn().getResponse()
                    .getStatus()).isEqualTo(403);
        }
        CustosUser officerUser = Gate.user(officer, Set.of(Role.ADMIN_OFFICER));
        assertThatThrownBy(() -> Gate.as(officerUser, () -> trainingGate.checkAt(owner.id(), Set.of(Role.EMPLOYEE),
                department, clock.instant()))).isInstanceOf(AccessDeniedException.class);

        // Two years ahead the pass will have run out; asked now, the answer is today's.
        MvcResult future = mvc.perform(get("/api/v1/access/explain").param("employee", owner.username())
                .param("customer", customer.toString()).param("field", "phone")
                .param("at", clock.instant().plus(Duration.ofDays(730)).toString())
                .header("Authorization", auditorToken)).andReturn();
        assertThat(future.getResponse().getStatus()).isEqualTo(200);
        String body = future.getResponse().getContentAsString();
        assertThat(body).doesNotContain("TRAINING_EXPIRED", "validUntil", "score", course.toString());
    }

    @Test
    void thePagePicksThePersonAndTheCustomerByName() throws Exception {
        reveal(ownerToken);
        TestAccounts.Account admin = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        MockHttpSession security = Pages.signIn(mvc, admin, clock.instant());
        EmployeeView person = employees.byId(owner.id()).orElseThrow();

        String form = page(security, "en", null, null, null);
        assertThat(form).contains("<select id=\"employee\"", "value=\"" + owner.username() + "\"",
                person.displayName() + " (" + owner.username() + ")", "id=\"company\"")
                .doesNotContain("id=\"customer\"");

        String byName = page(security, "en", owner.username(), null, company.substring(8).toUpperCase());
        assertThat(byName).contains("id=\"recorded\"", "id=\"recorded-outcome\">In clear<", "value=\"" + company + "\"")
                .doesNotContain(PHONE, "13924681357", "139 2468");

        UUID namesake = create(company + " Branch", new ArrayList<>(Consents.ALL_BUILT_IN_FIELDS));
        String several = mvc.perform(get("/access/explain").session(security).header("Accept-Language", "en")
                        .param("employee", owner.username()).param("company", company).param("field", "phone"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(several).contains("id=\"company-choices\"", "customer=" + customer, "customer=" + namesake,
                company + " Branch").doesNotContain(PHONE);

        mvc.perform(get("/access/explain").session(security).header("Accept-Language", "zh-CN")
                        .param("employee", owner.username()).param("company", "no such company " + UUID.randomUUID())
                        .param("field", "phone"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("没有客户的公司名称包含此文字",
                        "is-invalid"));
    }

    // --- helpers ---

    /** A mandatory course of one question, published and assigned to the department. */
    private UUID mandatoryCourseFor(UUID departmentId) {
        TestAccounts.Account officerAccount = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        CustosUser officer = Gate.user(officerAccount, Set.of(Role.ADMIN_OFFICER));
        return Gate.as(officer, () -> {
            UUID course = courses.create(new CourseContent("必修课", "Mandatory course", "简介", "Summary", 80, 1, true),
                    officer);
            courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), officer);
            courses.addQuestion(course, new QuestionContent("问题", "Question", List.of(
                    new QuestionContent.Option("对", "Right", true), new QuestionContent.Option("错", "Wrong", false))),
                    officer);
            courses.publish(course, officer);
            courses.assign(course, null, departmentId, java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30),
                    officer);
            return course;
        });
    }

    /** The person passes the course as they would on its page. */
    private void pass(TestAccounts.Account account, UUID course) {
        CustosUser me = Gate.user(account, Set.of(Role.EMPLOYEE));
        UUID attempt = Gate.as(me, () -> quizzes.start(course, me));
        clock.advance(Duration.ofMinutes(1)); // time to read the question
        Map<UUID, UUID> answers = new java.util.HashMap<>();
        Gate.as(me, () -> quizzes.attempt(attempt, me)).questions().forEach(q -> answers.put(q.questionId(),
                jdbc.sql("select id from training_option where question_id = ? and correct = true")
                        .param(q.questionId()).query(UUID.class).single()));
        assertThat(Gate.as(me, () -> quizzes.submit(attempt, answers, me)).result().passed()).isTrue();
    }

    private static String at(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .format(instant.atZone(java.time.ZoneId.of("Asia/Shanghai")));
    }

    private String page(MockHttpSession session, String language, String employee, String customerId, String name)
            throws Exception {
        return page(session, language, employee, customerId, name, null);
    }

    private String page(MockHttpSession session, String language, String employee, String customerId, String name,
            String at) throws Exception {
        var request = get("/access/explain").session(session).header("Accept-Language", language);
        if (at != null) {
            request.param("at", at);
        }
        if (employee != null) {
            request.param("employee", employee).param("field", "phone");
        }
        if (customerId != null) {
            request.param("customer", customerId);
        }
        if (name != null) {
            request.param("company", name);
        }
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static Boolean fact(Map<String, Object> explanation, String kind) {
        return ((List<Map<String, Object>>) explanation.get("facts")).stream().filter(f -> kind.equals(f.get("fact")))
                .map(f -> (Boolean) f.get("historical")).findFirst().orElseThrow();
    }

    private static Map<String, Object> map(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    private Map<String, Object> explain(String employee, Instant at) throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/access/explain").param("employee", employee)
                .param("customer", customer.toString()).param("field", "phone").param("at", at.toString())
                .header("Authorization", auditorToken)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Api.body(result);
    }

    private MvcResult reveal(String token) throws Exception {
        return mvc.perform(post("/api/v1/customers/" + customer + "/reveal").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", List.of("phone"), "purpose", "SALES_FOLLOW_UP")))).andReturn();
    }

    private TestAccounts.Account person(Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), EnumSet.copyOf(List.of(roles)));
        accounts.moveTo(account, department);
        return account;
    }

    private UUID create(String name, List<String> purposes) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", name);
        fields.put("contactName", "李明");
        fields.put("phone", PHONE);
        fields.put("email", "Li.Ming@Example-Trade.cn");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", ownerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.of(purposes, true))))).andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }
}
