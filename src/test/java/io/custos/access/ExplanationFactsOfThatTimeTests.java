package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.custos.training.PolicyDocuments;

/**
 * "Why could they see it?" judged with the facts of that time (issue 14.4): an agreement accepted,
 * a consent withdrawn or a role added afterwards does not turn a recorded refusal or reveal into
 * its opposite; facts without a history are labelled as taken from today; the page names people
 * and customers instead of asking for ids.
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
    void aFactWithoutHistoryIsLabelledAsTakenFromToday() throws Exception {
        reveal(ownerToken);
        Map<String, Object> now = explain(owner.username(), clock.instant());
        assertThat(fact(now, "TRAINING")).isFalse();
        assertThat(fact(now, "CONSENT")).isTrue();
        assertThat(fact(now, "AGREEMENT")).isTrue();
        assertThat(fact(now, "ROLES")).isTrue();

        MockHttpSession auditor = Pages.signIn(mvc, accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false), clock.instant());
        String english = page(auditor, "en", owner.username(), customer.toString(), null);
        assertThat(english).contains("id=\"facts\"", "Taken from today", "As it was at that time", "Mandatory training")
                .doesNotContain("TRAINING", "coursesFromToday");
        assertThat(page(auditor, "zh-CN", owner.username(), customer.toString(), null)).contains("取自今天", "必修培训");
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

    private String page(MockHttpSession session, String language, String employee, String customerId, String name)
            throws Exception {
        var request = get("/access/explain").session(session).header("Accept-Language", language);
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
