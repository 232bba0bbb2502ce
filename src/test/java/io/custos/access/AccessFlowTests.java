package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Duration;
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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.shared.HomeTask;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The access decision over HTTP, on every path to customer content (R-STO-4, R-USE-1, R-USE-2,
 * R-USE-6): reveal for a purpose with per-field events, refusals with reasons, 404s that look like
 * missing records, no L3-L4 plaintext in lists, searches or exports, emergency access from opening
 * to review and expiry, inspection reveals on the review list, policy edits as versions, and
 * explanations read back from the audit log.
 */
@IntegrationTest
class AccessFlowTests {

    static final String PHONE = "+86 139 2468 1357";
    static final String EMAIL = "Li.Ming@Example-Trade.cn";
    static final String ID_NUMBER = "11010519491231002X";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PolicyDocuments documents;
    @Autowired AccessHomeTasks homeTasks;

    UUID department;
    TestAccounts.Account owner;
    TestAccounts.Account colleague;
    TestAccounts.Account head;
    TestAccounts.Account outsider;
    String ownerToken;
    UUID customer;

    @BeforeEach
    void aDepartmentWithACustomer() throws Exception {
        department = accounts.department("A" + UUID.randomUUID().toString().substring(0, 6));
        owner = person(department, Role.EMPLOYEE);
        colleague = person(department, Role.EMPLOYEE);
        head = person(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        outsider = person(accounts.department("B" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        ownerToken = Api.token(mvc, owner, clock.instant());
        List<String> purposes = new ArrayList<>(Consents.ALL_BUILT_IN_FIELDS);
        purposes.add("INSPECTION");
        customer = create(ownerToken, Consents.of(purposes, true));
    }

    @Test
    void theOwnerSeesExactlyTheAllowedFieldsInClearAndEachRevealIsAuditedWithItsPurpose() throws Exception {
        MvcResult result = reveal(ownerToken, customer, List.of("phone", "email", "idNumber", "companyName"),
                "SALES_FOLLOW_UP");
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getHeader("Cache-Control")).contains("no-store");
        Map<String, Object> body = Api.body(result);
        assertThat((Map<String, Object>) body.get("fields")).containsOnlyKeys("phone", "email", "companyName")
                .containsEntry("phone", PHONE).containsEntry("email", EMAIL);
        assertThat((Map<String, Object>) body.get("refused"))
                .isEqualTo(Map.of("idNumber", "purpose-not-allowed-for-level"));

        List<Map<String, Object>> events = jdbc.sql("select action, outcome, purpose, details from audit_event "
                        + "where target_id = ? and action like 'customer.field.%' order by id")
                .param(customer.toString()).query((rs, n) -> Map.<String, Object>of("action", rs.getString(1),
                        "outcome", rs.getString(2), "purpose", rs.getString(3), "details", rs.getString(4)))
                .list();
        assertThat(events).extracting(e -> e.get("action")).containsExactly("customer.field.revealed",
                "customer.field.revealed", "customer.field.reveal-refused", "customer.field.revealed");
        assertThat(events).allSatisfy(e -> assertThat(e.get("purpose")).isEqualTo("SALES_FOLLOW_UP"));
        assertThat(events.get(0).get("details").toString()).contains("\"field\":\"phone\"", "\"rule\":\"owner\"",
                "\"policyVersion\"").doesNotContain("13924681357", "139 2468", "2468 1357");
        assertThat(events.get(2).get("outcome")).isEqualTo("DENIED");

        MvcResult contract = reveal(ownerToken, customer, List.of("idNumber"), "CONTRACT");
        assertThat(Api.body(contract).get("fields")).isEqualTo(Map.of("idNumber", ID_NUMBER));
    }

    @Test
    void aRevealWhoseEventsCannotBeStoredReturnsNoValue() throws Exception {
        long last = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
        jdbc.sql("alter table audit_event add constraint test_block_reveal check (id <= " + last + ")").update();
        MvcResult result;
        try {
            result = reveal(ownerToken, customer, List.of("phone", "email"), "SALES_FOLLOW_UP");
        } finally {
            jdbc.sql("alter table audit_event drop constraint test_block_reveal").update();
        }
        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getContentAsString()).contains("audit-unavailable")
                .doesNotContain("13924681357", "139 2468", "2468 1357", "Li.Ming");
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action = "
                + "'customer.field.revealed'").param(customer.toString()).query(Long.class).single()).isZero();
    }

    @Test
    void whenNoFieldMayBeRevealedTheAnswerIs403WithEachReasonAndTheRefusalIsRecorded() throws Exception {
        String token = Api.token(mvc, colleague, clock.instant());
        Gate.pass(documents, accounts, clock.instant(), colleague, Set.of(Role.EMPLOYEE));
        MvcResult result = reveal(token, customer, List.of("phone", "idNumber"), "SALES_FOLLOW_UP");
        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(result)).containsEntry("code", "reveal-refused")
                .containsEntry("refused", Map.of("phone", "not-revealable", "idNumber", "not-revealable"));
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and action = "
                + "'customer.field.reveal-refused' and actor_id = ?").params(customer.toString(), colleague.id())
                .query(Long.class).single()).isEqualTo(2);

        MvcResult marketing = reveal(ownerToken, customer, List.of("phone"), "MARKETING");
        assertThat(Api.body(marketing)).containsEntry("refused", Map.of("phone", "purpose-does-not-cover-field"));
        MvcResult unknown = reveal(ownerToken, customer, List.of("phone"), "NO_SUCH_PURPOSE");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(unknown)).containsEntry("code", "purpose-unknown");
    }

    @Test
    void aWithdrawnPurposeAndAMissingAgreementRefuseFromThatMoment() throws Exception {
        assertThat(reveal(ownerToken, customer, List.of("phone"), "AFTER_SALES").getResponse().getStatus())
                .isEqualTo(200);
        mvc.perform(post("/api/v1/customers/" + customer + "/consents/withdrawals").header("Authorization", ownerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("purposes", List.of("AFTER_SALES"),
                        "channel", "PHONE"))));
        MvcResult withdrawn = reveal(ownerToken, customer, List.of("phone"), "AFTER_SALES");
        assertThat(withdrawn.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(withdrawn)).containsEntry("refused", Map.of("phone", "purpose-not-consented"));

        // The head of the department reveals like an owner, once the agreement in force is accepted.
        String headToken = Api.token(mvc, head, clock.instant());
        jdbc.sql("delete from policy_acknowledgment where employee_id = ?").param(head.id()).update();
        clock.advance(java.time.Duration.ofSeconds(6)); // past the training gate's refresh, as on another node
        MvcResult untrained = reveal(headToken, customer, List.of("phone"), "SALES_FOLLOW_UP");
        assertThat(Api.body(untrained)).containsEntry("refused", Map.of("phone", "agreement-missing"));
        Gate.pass(documents, accounts, clock.instant(), head, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        assertThat(Api.body(reveal(headToken, customer, List.of("phone"), "SALES_FOLLOW_UP")).get("fields"))
                .isEqualTo(Map.of("phone", PHONE));
    }

    @Test
    void aCustomerYouMayNotSeeAnswersExactlyLikeOneThatDoesNotExist() throws Exception {
        List<TestAccounts.Account> strangers = List.of(outsider,
                accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false),
                accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false),
                accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR), TestAccounts.newSecret(), false));
        UUID missing = UUID.randomUUID();
        for (TestAccounts.Account stranger : strangers) {
            String token = Api.token(mvc, stranger, clock.instant());
            for (String path : List.of("", "/consents")) {
                MvcResult hidden = mvc.perform(get("/api/v1/customers/" + customer + path).header("Authorization", token))
                        .andReturn();
                MvcResult absent = mvc.perform(get("/api/v1/customers/" + missing + path).header("Authorization", token))
                        .andReturn();
                assertThat(hidden.getResponse().getStatus()).isEqualTo(404);
                assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(absent));
            }
            MvcResult hidden = reveal(token, customer, List.of("companyName"), "SALES_FOLLOW_UP");
            MvcResult absent = reveal(token, missing, List.of("companyName"), "SALES_FOLLOW_UP");
            assertThat(hidden.getResponse().getStatus()).isEqualTo(404);
            assertThat(withoutInstance(hidden)).isEqualTo(withoutInstance(absent));
            MvcResult list = mvc.perform(get("/api/v1/customers").param("name", "访问").header("Authorization", token))
                    .andReturn();
            assertThat(list.getResponse().getContentAsString()).doesNotContain(customer.toString());
        }
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and outcome = 'DENIED' "
                + "and action = 'customer.record.viewed'").param(customer.toString()).query(Long.class).single())
                .isEqualTo(strangers.size());
    }

    @Test
    void noListSearchOrExportAnswerHoldsL3OrL4Plaintext() throws Exception {
        TestAccounts.Account manager = accounts.create(clock.instant(), EnumSet.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false);
        TestAccounts.Account officer = person(null, Role.ADMIN_OFFICER);
        Map<TestAccounts.Account, Boolean> readers = new LinkedHashMap<>();
        readers.put(owner, true);
        readers.put(colleague, true);
        readers.put(head, true);
        readers.put(manager, true);
        readers.put(officer, true);
        readers.put(outsider, false);
        for (Map.Entry<TestAccounts.Account, Boolean> reader : readers.entrySet()) {
            String token = reader.getKey() == owner ? ownerToken : Api.token(mvc, reader.getKey(), clock.instant());
            List<String> answers = new ArrayList<>();
            for (Map<String, String> query : List.of(Map.of("phone", PHONE), Map.of("email", EMAIL),
                    Map.of("idNumber", ID_NUMBER), Map.of("name", "访问"))) {
                var request = Api.search(query.entrySet().stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))
                        .header("Authorization", token);
                answers.add(mvc.perform(request).andReturn().getResponse().getContentAsString());
            }
            for (String format : List.of("csv", "xlsx")) {
                answers.add(mvc.perform(post("/api/v1/customers/export").contentType(MediaType.APPLICATION_JSON)
                        .content(Api.json(Map.of("format", format, "phone", PHONE))).header("Authorization", token))
                        .andReturn().getResponse().getContentAsString());
            }
            answers.add(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", token)).andReturn()
                    .getResponse().getContentAsString());
            String all = String.join("\n", answers);
            assertThat(all).as(reader.getKey().username())
                    .doesNotContain("13924681357", "139 2468", "Li.Ming", "li.ming@", ID_NUMBER, "110105", "6222 0212");
            assertThat(all.contains(customer.toString())).as(reader.getKey().username()).isEqualTo(reader.getValue());
        }
    }

    @Test
    void breakGlassOpensOneCustomerForAnHourAlertsTheReviewersAndStaysListedUntilReviewed() throws Exception {
        String token = Api.token(mvc, outsider, clock.instant());
        Gate.pass(documents, accounts, clock.instant(), outsider, Set.of(Role.EMPLOYEE));
        TestAccounts.Account security = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        int before = openReviews(security);
        assertThat(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", token)).andReturn()
                .getResponse().getStatus()).isEqualTo(404);

        MvcResult tooShort = breakGlass(token, customer, "urgent");
        assertThat(tooShort.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(tooShort)).containsEntry("code", "justification-required");
        MvcResult opened = breakGlass(token, customer, "Customer called about a delayed shipment; owner is on leave.");
        assertThat(opened.getResponse().getStatus()).isEqualTo(201);
        UUID access = UUID.fromString((String) Api.body(opened).get("id"));

        assertThat(openReviews(security)).isEqualTo(before + 1);
        assertThat(homeTasks.tasksFor(head.id())).extracting(HomeTask::messageKey).contains("home.task.accessReviews");
        assertThat(homeTasks.tasksFor(colleague.id())).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'access.break-glass.opened' and actor_id = ? "
                + "and category = 'SECURITY'").param(outsider.id()).query(Long.class).single()).isEqualTo(1);

        MvcResult view = mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", token)).andReturn();
        assertThat(view.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(reveal(token, customer, List.of("phone"), "SALES_FOLLOW_UP")).get("fields"))
                .isEqualTo(Map.of("phone", PHONE));

        String headToken = Api.token(mvc, head, clock.instant());
        MvcResult headList = mvc.perform(get("/api/v1/access/reviews").header("Authorization", headToken)).andReturn();
        assertThat(headList.getResponse().getContentAsString()).contains(access.toString(), "BREAK_GLASS");
        MvcResult own = mvc.perform(post("/api/v1/access/reviews/" + access).header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("outcome", "JUSTIFIED", "note", "ok"))))
                .andReturn();
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'access.review.recorded' "
                + "and outcome = 'DENIED' and actor_id = ?").param(outsider.id()).query(Long.class).single()).isEqualTo(1);
        MvcResult reviewed = mvc.perform(post("/api/v1/access/reviews/" + access).header("Authorization", headToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("outcome", "JUSTIFIED",
                        "note", "Checked with the customer: genuine emergency.")))).andReturn();
        assertThat(reviewed.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(reviewed)).containsEntry("outcome", "JUSTIFIED").containsEntry("reviewedBy", head.username());
        assertThat(mvc.perform(post("/api/v1/access/reviews/" + access).header("Authorization", headToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("outcome", "UNJUSTIFIED", "note", "x"))))
                .andReturn().getResponse().getStatus()).isEqualTo(409);
        // The reveal under break-glass belongs to that access and was reviewed with it (issue 14.13).
        assertThat(openReviews(security)).isEqualTo(before);

        clock.advance(Duration.ofMinutes(61));
        assertThat(mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", token)).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void anInspectionRevealByTheAdministrationIsFlaggedForReview() throws Exception {
        TestAccounts.Account officer = person(null, Role.ADMIN_OFFICER);
        Gate.pass(documents, accounts, clock.instant(), officer, Set.of(Role.ADMIN_OFFICER));
        String token = Api.token(mvc, officer, clock.instant());
        Map<String, Object> view = Api.body(mvc.perform(get("/api/v1/customers/" + customer)
                .header("Authorization", token)).andReturn());
        assertThat((List<String>) view.get("masked")).contains("contactName", "phone", "idNumber");

        MvcResult refused = reveal(token, customer, List.of("phone"), "SALES_FOLLOW_UP");
        assertThat(Api.body(refused)).containsEntry("refused", Map.of("phone", "purpose-not-allowed"));
        MvcResult inspected = reveal(token, customer, List.of("phone", "contactName", "idNumber"), "INSPECTION");
        assertThat(inspected.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(inspected)).containsEntry("fields", Map.of("phone", PHONE, "contactName", "李明"))
                .containsEntry("refused", Map.of("idNumber", "not-revealable"));
        assertThat(jdbc.sql("select fields from access_review where employee_id = ? and customer_id = ?")
                .params(officer.id(), customer).query(String.class).single()).isEqualTo("phone,contactName");
        String headToken = Api.token(mvc, head, clock.instant());
        assertThat(mvc.perform(get("/api/v1/access/reviews").header("Authorization", headToken)).andReturn()
                .getResponse().getContentAsString()).contains("REVEAL", "INSPECTION", "administration");
    }

    @Test
    void aPolicyEditIsANewAuditedVersionThatTakesEffectOnceApproved() throws Exception {
        TestAccounts.Account security = accounts.create(clock.instant(), EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        String securityToken = Api.token(mvc, security, clock.instant());
        String managementToken = Api.token(mvc, accounts.create(clock.instant(), EnumSet.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false), clock.instant());
        Map<String, Object> current = Api.body(mvc.perform(get("/api/v1/access/policy")
                .header("Authorization", securityToken)).andReturn());
        int version = (Integer) current.get("version");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) current.get("rules");
        List<Map<String, Object>> edited = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            Map<String, Object> copy = new LinkedHashMap<>(rule);
            if ("department-colleague".equals(rule.get("id"))) {
                copy.put("actions", List.of("LIST", "VIEW", "EXPORT", "REVEAL"));
                copy.put("reveal", "L3");
                copy.put("purposes", List.of("SALES_FOLLOW_UP"));
            }
            edited.add(copy);
        }
        String colleagueToken = Api.token(mvc, colleague, clock.instant());
        Gate.pass(documents, accounts, clock.instant(), colleague, Set.of(Role.EMPLOYEE));
        assertThat(reveal(colleagueToken, customer, List.of("phone"), "SALES_FOLLOW_UP").getResponse().getStatus())
                .isEqualTo(403);
        try {
            assertThat(putPolicy(ownerToken, version, "let colleagues call", edited).getResponse().getStatus())
                    .isEqualTo(403);
            MvcResult noReason = putPolicy(securityToken, version, " ", edited);
            assertThat(noReason.getResponse().getStatus()).isIn(400, 422);
            List<Map<String, Object>> invalid = new ArrayList<>(edited);
            Map<String, Object> broken = new LinkedHashMap<>(edited.get(0));
            broken.put("show", "L4");
            broken.put("mask", "L2");
            invalid.set(0, broken);
            MvcResult bad = putPolicy(securityToken, version, "broken", invalid);
            assertThat(bad.getResponse().getStatus()).isEqualTo(422);
            assertThat(Api.body(bad)).containsEntry("code", "access-rule-invalid");

            MvcResult saved = putPolicy(securityToken, version, "Colleagues may call customers for follow-up", edited);
            assertThat(saved.getResponse().getStatus()).isEqualTo(200);
            int draft = (Integer) Api.body(saved).get("version");
            assertThat(Api.body(saved)).containsEntry("status", "DRAFT");
            assertThat(putPolicy(securityToken, version, "stale edit", rules).getResponse().getStatus()).isEqualTo(409);
            assertThat(jdbc.sql("select details from audit_event where action = 'access.policy.proposed' and actor_id = ? ")
                    .param(security.id()).query(String.class).single())
                    .contains("\"changed\":[\"department-colleague\"]", "\"version\":" + draft);
            assertThat(reveal(colleagueToken, customer, List.of("phone"), "SALES_FOLLOW_UP").getResponse().getStatus())
                    .as("a draft is not in force").isEqualTo(403);
            assertThat(Api.body(mvc.perform(get("/api/v1/access/policy/versions/" + draft + "/changes")
                    .header("Authorization", managementToken)).andReturn()).toString())
                    .contains("department-colleague", "CHANGED", "reveal");
            assertThat(approve(managementToken, draft, "Agreed with the sales heads").getResponse().getStatus())
                    .isEqualTo(200);

            MvcResult revealed = reveal(colleagueToken, customer, List.of("phone"), "SALES_FOLLOW_UP");
            assertThat(revealed.getResponse().getStatus()).isEqualTo(200);
            assertThat(jdbc.sql("select details from audit_event where action = 'customer.field.revealed' "
                    + "and actor_id = ?").param(colleague.id()).query(String.class).single())
                    .contains("\"policyVersion\":" + draft, "\"rule\":\"department-colleague\"");
            assertThat(Api.body(mvc.perform(get("/api/v1/access/policy/versions/" + version)
                    .header("Authorization", securityToken)).andReturn())).containsEntry("version", version);
        } finally {
            int back = (Integer) Api.body(putPolicy(securityToken, null, "Back to the policy before the test", rules))
                    .get("version");
            approve(managementToken, back, "Test: back to the policy before the test");
        }
        assertThat(reveal(colleagueToken, customer, List.of("phone"), "SALES_FOLLOW_UP").getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void anAuditorLearnsWhichRuleAndPolicyVersionLetSomeoneSeeAField() throws Exception {
        reveal(ownerToken, customer, List.of("phone"), "SALES_FOLLOW_UP");
        String colleagueToken = Api.token(mvc, colleague, clock.instant());
        mvc.perform(get("/api/v1/customers/" + customer).header("Authorization", colleagueToken));
        clock.advance(Duration.ofSeconds(5));
        TestAccounts.Account auditor = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false);
        String token = Api.token(mvc, auditor, clock.instant());

        Map<String, Object> owners = explain(token, owner.username(), "phone");
        assertThat((Map<String, Object>) owners.get("recorded")).containsEntry("outcome", "SHOW")
                .containsEntry("rule", "owner").containsEntry("action", "customer.field.revealed")
                .containsEntry("purpose", "SALES_FOLLOW_UP").containsKey("policyVersion");
        assertThat((Map<String, Object>) ((Map<String, Object>) owners.get("evaluated")).get("reveal"))
                .containsEntry("outcome", "SHOW").containsEntry("rule", "owner");

        Map<String, Object> colleagues = explain(token, colleague.username(), "phone");
        assertThat((Map<String, Object>) colleagues.get("recorded")).containsEntry("outcome", "MASK")
                .containsEntry("rule", "department-colleague").containsEntry("action", "customer.record.viewed");

        Map<String, Object> outsiders = explain(token, outsider.username(), "phone");
        assertThat(outsiders.get("recorded")).isNull();
        assertThat((Map<String, Object>) ((Map<String, Object>) outsiders.get("evaluated")).get("view"))
                .containsEntry("outcome", "DENY").containsEntry("reason", "NO_RULE");
        assertThat(mvc.perform(get("/api/v1/access/explain").param("employee", owner.username())
                .param("customer", customer.toString()).param("field", "phone").header("Authorization", ownerToken))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    // --- helpers ---

    private Map<String, Object> explain(String token, String employee, String field) throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/access/explain").param("employee", employee)
                .param("customer", customer.toString()).param("field", field).param("at", clock.instant().toString())
                .header("Authorization", token)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Api.body(result);
    }

    private int openReviews(TestAccounts.Account security) throws Exception {
        String token = Api.token(mvc, security, clock.instant());
        clock.advance(Duration.ofSeconds(31));
        List<?> items = Api.JSON.readValue(mvc.perform(get("/api/v1/access/reviews").header("Authorization", token))
                .andReturn().getResponse().getContentAsString(), List.class);
        return items.size();
    }

    private MvcResult approve(String token, int version, String reason) throws Exception {
        return mvc.perform(post("/api/v1/access/policy/versions/" + version + "/approval").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", reason)))).andReturn();
    }

    private MvcResult putPolicy(String token, Integer expectedVersion, String reason, List<Map<String, Object>> rules)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("expectedVersion", expectedVersion);
        body.put("reason", reason);
        body.put("rules", rules);
        return mvc.perform(put("/api/v1/access/policy").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
    }

    private MvcResult reveal(String token, UUID id, List<String> fields, String purpose) throws Exception {
        return mvc.perform(post("/api/v1/customers/" + id + "/reveal").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "purpose", purpose))))
                .andReturn();
    }

    private MvcResult breakGlass(String token, UUID id, String justification) throws Exception {
        return mvc.perform(post("/api/v1/customers/" + id + "/break-glass").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("justification", justification))))
                .andReturn();
    }

    private static Map<String, Object> withoutInstance(MvcResult result) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Api.body(result));
        assertThat(body.remove("instance")).isNotNull();
        return body;
    }

    private TestAccounts.Account person(UUID department, Role... roles) {
        Set<Role> set = EnumSet.copyOf(List.of(roles));
        TestAccounts.Account account = accounts.create(clock.instant(), set);
        if (department != null) {
            accounts.moveTo(account, department);
        }
        Gate.pass(documents, accounts, clock.instant(), account, set);
        return account;
    }

    private UUID create(String token, Map<String, Object> consent) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", "访问测试 " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("contactName", "李明");
        fields.put("phone", PHONE);
        fields.put("email", EMAIL);
        fields.put("address", "北京市朝阳区建国路 88 号");
        fields.put("idNumber", ID_NUMBER);
        fields.put("bankAccount", "6222 0212 3456 7890 123");
        MvcResult created = mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent", consent))))
                .andReturn();
        assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) Api.body(created).get("id"));
    }
}
