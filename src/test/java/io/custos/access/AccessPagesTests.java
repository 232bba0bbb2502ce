package io.custos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * The access module's pages (R-STO-4, R-USE-6): the policy read by the auditor and edited one rule at
 * a time by the security administrator, the review list of emergency accesses, and "why could X see
 * F"; each refused to everybody else, with refusals shown translated in the form.
 */
@IntegrationTest
class AccessPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired AccessPolicies policies;
    @Autowired AccessHomeTasks homeTasks;
    @Autowired io.custos.training.PolicyDocuments documents;

    @Test
    void theSecurityAdministratorProposesARuleChangeThatTakesEffectOnlyOnceManagementApprovesIt() throws Exception {
        MockHttpSession security = signIn(Role.SECURITY_ADMIN);
        int before = policies.current().version();
        String page = page(get("/access/policy"), security);
        assertThat(page).contains("id=\"rule-owner\"", "id=\"rule-break-glass\"", "id=\"edit-management\"",
                "Same department", "Emergency access", "After-sales service", "id=\"version-" + before + "\"");
        String form = page(get("/access/policy/rules/management"), security);
        assertThat(form).contains("name=\"expectedVersion\" value=\"" + before + "\"")
                .containsPattern("id=\"role-MANAGEMENT\"\\s+value=\"MANAGEMENT\" checked")
                .containsPattern("id=\"action-EXPORT\"\\s+value=\"EXPORT\" checked")
                .doesNotContainPattern("id=\"role-EMPLOYEE\"\\s+value=\"EMPLOYEE\" checked");

        mvc.perform(management(security, before, true, "").header("Accept-Language", "en"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                        .contains("Say why the policy changes, in at most 500 characters.")
                        .containsPattern("id=\"review\" name=\"review\" value=\"true\"\\s+checked"));
        mvc.perform(management(security, before, true, "Test: flag management reveals")
                        .param("mask", "L1").header("Accept-Language", "zh-CN"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("规则的 mask 无效"));
        // Saving first shows the change in words and asks for confirmation (issue 14.12); nothing is written yet.
        int next = policies.versions().get(0).version() + 1;
        String confirm = page(management(security, before, true, "Test: flag management reveals"), security);
        assertThat(confirm).contains("id=\"confirm-form\"", "id=\"diff-management\"", "Changed",
                "Reveals reviewed", "Test: flag management reveals", "name=\"confirmed\" value=\"true\"");
        assertThat(policies.versions().get(0).version()).isEqualTo(next - 1);
        MockHttpSession management = signIn(Role.MANAGEMENT);
        try {
            mvc.perform(management(security, before, true, "Test: flag management reveals").param("confirmed", "true"))
                    .andExpect(redirectedUrl("/access/policy/versions/" + next));
            // Issue 13.3: a draft, not in force until a second person approves it.
            assertThat(policies.current().version()).isEqualTo(before);
            assertThat(page(get("/access/policy"), security)).contains("id=\"pending-draft\"",
                    "/access/policy/versions/" + next);
            String own = page(get("/access/policy/versions/" + next), security);
            assertThat(own).contains("Awaiting approval", "id=\"diff-management\"")
                    .doesNotContain("id=\"decision-form\"");
            String draft = page(get("/access/policy/versions/" + next), management);
            assertThat(draft).contains("id=\"decision-form\"", "id=\"diff-management\"", "Reveals reviewed",
                    "Test: flag management reveals");
            mvc.perform(decision(management, next, "approve", "Checked with the security team", false)
                            .header("Accept-Language", "en"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                            .contains("Tick the box to confirm", ">Checked with the security team</textarea>"));
            assertThat(policies.current().version()).isEqualTo(before);
            mvc.perform(decision(management, next, "approve", "Checked with the security team", true))
                    .andExpect(redirectedUrl("/access/policy/versions/" + next));
            assertThat(policies.current().version()).isEqualTo(next);
            assertThat(policies.current().rules()).filteredOn(r -> r.id().equals("management"))
                    .singleElement().extracting(AccessRule::review).isEqualTo(true);
            assertThat(jdbc.sql("select details from audit_event where action = 'access.policy.approved' "
                    + "and target_id = ?").param("v" + next).query(String.class).single())
                    .contains(AccessPolicies.digest("Checked with the security team"), "\"changed\":[\"management\"]");
            assertThat(policies.summary(next).orElseThrow().decisionReason()).isEqualTo("Checked with the security team");
            String saved = page(get("/access/policy").param("version", Integer.toString(next)), security);
            assertThat(saved).contains("Test: flag management reveals", "id=\"version-" + next + "\"")
                    .doesNotContain("id=\"old-version\"", "id=\"pending-draft\"");
            assertThat(page(get("/access/policy").param("version", Integer.toString(before)), security))
                    .contains("id=\"old-version\"", "This is version " + before + ", no longer in force")
                    .doesNotContain("id=\"edit-management\"");
            mvc.perform(management(security, before, false, "Test: started from an old version").param("confirmed", "true")
                            .header("Accept-Language", "en"))
                    .andExpect(status().isConflict())
                    .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                            .contains("Someone changed the access policy since you opened it"));
        } finally {
            restore(security, management, false);
        }
        assertThat(policies.current().rules()).filteredOn(r -> r.id().equals("management"))
                .singleElement().extracting(AccessRule::review).isEqualTo(false);

        MockHttpSession auditor = signIn(Role.AUDITOR);
        assertThat(page(get("/access/policy"), auditor)).contains("id=\"rule-management\"")
                .doesNotContain("id=\"edit-management\"");
        mvc.perform(get("/access/policy/rules/management").session(auditor)).andExpect(status().isForbidden());
        mvc.perform(management(auditor, policies.current().version(), true, "Not mine to change"))
                .andExpect(status().isForbidden());
        MockHttpSession employee = signIn(Role.EMPLOYEE);
        mvc.perform(get("/access/policy").session(employee)).andExpect(status().isForbidden());
        mvc.perform(get("/access/policy").session(signIn(Role.DEPT_HEAD))).andExpect(status().isForbidden());
    }

    @Test
    void aRuleNamingTheSecurityAdministratorIsRefusedNamingTheRuleInBothLanguages() throws Exception {
        MockHttpSession security = signIn(Role.SECURITY_ADMIN);
        int before = policies.current().version();
        int versions = policies.versions().size();
        mvc.perform(management(security, before, false, "Let me see what management sees")
                        .param("roles", "SECURITY_ADMIN").header("Accept-Language", "en"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                        .contains("Rule management names a role that may not reach customer content this way: the system administrator, the security administrator and the auditor never")
                        .containsPattern("id=\"role-SECURITY_ADMIN\"\\s+value=\"SECURITY_ADMIN\" checked"));
        mvc.perform(management(security, before, false, "Let me see what management sees").param("confirmed", "true")
                        .param("roles", "SECURITY_ADMIN").header("Accept-Language", "zh-CN"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                        .contains("规则 management 包含不能以此方式接触客户内容的角色：系统管理员、安全管理员和审计员永远不能"));
        assertThat(policies.versions()).hasSize(versions);
    }

    @Test
    void managementFindsTheDraftOnItsHomePageButItsAuthorAndOtherRolesDoNot() throws Exception {
        TestAccounts.Account author = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        MockHttpSession security = Pages.signIn(mvc, author, clock.instant());
        MockHttpSession management = signIn(Role.MANAGEMENT);
        MockHttpSession officer = signIn(Role.ADMIN_OFFICER);
        int before = policies.current().version();
        int next = policies.versions().get(0).version() + 1;
        try {
            mvc.perform(management(security, before, true, "Test: home task").param("confirmed", "true"))
                    .andExpect(redirectedUrl("/access/policy/versions/" + next));
            String link = "href=\"/access/policy/versions/" + next + "\"";
            assertThat(page(get("/"), management)).contains(link, "Access policy version " + next
                    + " awaits your approval.");
            assertThat(page(get("/"), officer)).contains(link);
            assertThat(page(get("/"), security)).doesNotContain(link);
            assertThat(page(get("/"), signIn(Role.AUDITOR))).doesNotContain(link);
            // The officer rejects: the draft never takes effect and the task is gone.
            mvc.perform(decision(officer, next, "reject", "Management reveals need no review", true))
                    .andExpect(redirectedUrl("/access/policy/versions/" + next));
            assertThat(policies.current().version()).isEqualTo(before);
            assertThat(page(get("/"), management)).doesNotContain(link);
            assertThat(page(get("/access/policy/versions/" + next), management)).contains("Rejected",
                    "Management reveals need no review").doesNotContain("id=\"decision-form\"");
            mvc.perform(decision(management, next, "approve", "Too late", true).header("Accept-Language", "en"))
                    .andExpect(status().isConflict())
                    .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("no longer awaiting approval"));
            assertThat(policies.current().version()).isEqualTo(before);
            mvc.perform(decision(security, next, "approve", "Self approval", true)).andExpect(status().isForbidden());
        } finally {
            jdbc.sql("update access_policy set status = 'WITHDRAWN' where status = 'DRAFT'").update();
        }
    }

    /** Proposes the management rule as shipped again and has it approved, so other tests see the shipped policy. */
    private void restore(MockHttpSession security, MockHttpSession management, boolean review) throws Exception {
        int working = policies.working().version();
        mvc.perform(management(security, working, review, "Test: as it was").param("confirmed", "true"))
                .andExpect(redirectedUrlPattern("/access/policy/versions/*"));
        int draft = policies.draft().orElseThrow().version();
        mvc.perform(decision(management, draft, "approve", "Test: back to the shipped rule", true))
                .andExpect(redirectedUrl("/access/policy/versions/" + draft));
    }

    private MockHttpServletRequestBuilder decision(MockHttpSession session, int version, String decision,
            String reason, boolean confirm) {
        MockHttpServletRequestBuilder request = post("/access/policy/versions/" + version + "/decision").session(session)
                .with(csrf()).param("decision", decision).param("reason", reason);
        return confirm ? request.param("confirm", "true") : request;
    }

    @Test
    void emergencyAccessesAreReviewedByTheDepartmentHeadAndTheSecurityAdministrator() throws Exception {
        UUID department = accounts.department("AR" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account colleague = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account otherHead = member(accounts.department("AO" + UUID.randomUUID().toString().substring(0, 6)),
                Role.EMPLOYEE, Role.DEPT_HEAD);
        String location = customer(Pages.signIn(mvc, owner, clock.instant()));
        UUID customer = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        String justification = "Owner on leave; the customer's container is held at the port today.";
        mvc.perform(post(location + "/break-glass").session(Pages.signIn(mvc, colleague, clock.instant())).with(csrf())
                .param("justification", justification)).andExpect(redirectedUrl(location));
        UUID item = jdbc.sql("select id from break_glass where employee_id = ?").param(colleague.id())
                .query(UUID.class).single();

        MockHttpSession headSession = Pages.signIn(mvc, head, clock.instant());
        String list = page(get("/access/reviews"), headSession);
        assertThat(list).contains("id=\"item-" + item + "\"", colleague.username(), customer.toString(),
                "Emergency access", "Owner on leave; the customer&#39;s container", "id=\"review-" + item + "\"");
        assertThat(page(get("/access/reviews"), Pages.signIn(mvc, otherHead, clock.instant())))
                .doesNotContain(item.toString());
        MockHttpSession security = signIn(Role.SECURITY_ADMIN);
        assertThat(page(get("/access/reviews"), security)).contains("id=\"item-" + item + "\"");

        mvc.perform(post("/access/reviews/" + item).session(headSession).with(csrf()).header("Accept-Language", "en")
                        .param("outcome", "JUSTIFIED").param("note", " "))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains(
                        "id=\"review-problem-" + item + "\"", "Write what you found, in at most 2,000 characters."));
        mvc.perform(post("/access/reviews/" + item).session(headSession).with(csrf()).header("Accept-Language", "zh-CN")
                        .param("note", "已与客户核实"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("请选择此访问是否合理。",
                        ">已与客户核实</textarea>"));
        mvc.perform(post("/access/reviews/" + item).session(headSession).with(csrf())
                        .param("outcome", "JUSTIFIED").param("note", "Checked with the customer: the shipment was due."))
                .andExpect(redirectedUrl("/access/reviews"));
        assertThat(page(get("/access/reviews"), headSession)).doesNotContain("id=\"item-" + item + "\"");
        assertThat(page(get("/access/reviews").param("all", "true"), headSession))
                .contains("id=\"item-" + item + "\"", "Justified", "Checked with the customer: the shipment was due.",
                        "by " + head.username())
                .doesNotContain("id=\"review-" + item + "\"");
        mvc.perform(post("/access/reviews/" + item).session(security).with(csrf()).header("Accept-Language", "en")
                        .param("outcome", "UNJUSTIFIED").param("note", "Too late"))
                .andExpect(status().isConflict())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("Someone has reviewed this already."));

        mvc.perform(get("/access/reviews").session(Pages.signIn(mvc, owner, clock.instant())))
                .andExpect(status().isForbidden());
        mvc.perform(get("/access/reviews").session(signIn(Role.AUDITOR))).andExpect(status().isForbidden());
    }

    @Test
    void theReviewListNamesTheCustomerAndFieldsGroupsOneAccessAndOpensAViewTheReviewerMaySee() throws Exception {
        UUID department = accounts.department("AL" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account colleague = member(department, Role.EMPLOYEE);
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), colleague, Set.of(Role.EMPLOYEE));
        TestAccounts.Account officer = accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER));
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), officer, Set.of(Role.ADMIN_OFFICER));
        MockHttpSession ownerSession = Pages.signIn(mvc, owner, clock.instant());
        String location = mvc.perform(post("/customers").session(ownerSession).with(csrf())
                        .param("f.companyName", "审查列表贸易公司").param("f.phone", "139 0000 1234")
                        .param("f.email", "review.list@example.cn").param("consent.noticeVersion", "1")
                        .param("consent.purpose.SALES_FOLLOW_UP", "1").param("consent.purpose.INSPECTION", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
        UUID customer = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        // The officer's inspection: two reveals, one item.
        MockHttpSession officerSession = Pages.signIn(mvc, officer, clock.instant());
        for (String field : java.util.List.of("phone", "email")) {
            mvc.perform(post(location + "/reveal").session(officerSession).with(csrf()).accept("application/json")
                    .param("field", field).param("purpose", "INSPECTION")).andExpect(status().isOk());
        }
        // The colleague's emergency access and the reveal made under it: one item.
        MockHttpSession colleagueSession = Pages.signIn(mvc, colleague, clock.instant());
        mvc.perform(post(location + "/break-glass").session(colleagueSession).with(csrf())
                .param("justification", "The owner is ill and the customer is waiting for a call back today."))
                .andExpect(redirectedUrl(location));
        mvc.perform(post(location + "/reveal").session(colleagueSession).with(csrf()).accept("application/json")
                .param("field", "phone").param("purpose", "SALES_FOLLOW_UP")).andExpect(status().isOk());
        UUID inspection = jdbc.sql("select id from access_review where employee_id = ? order by revealed_at")
                .param(officer.id()).query(UUID.class).list().get(0);
        UUID emergency = jdbc.sql("select id from break_glass where employee_id = ?").param(colleague.id())
                .query(UUID.class).single();

        MockHttpSession security = signIn(Role.SECURITY_ADMIN);
        String list = page(get("/access/reviews"), security);
        String inspectionRow = row(list, inspection);
        assertThat(inspectionRow).contains("审查列表贸易公司", "href=\"/access/reviews/" + inspection + "\"", ">Phone<",
                ">E-mail<").doesNotContain("/customers/");
        assertThat(row(list, emergency)).contains("审查列表贸易公司", ">Phone<");
        assertThat(list.split("审查列表贸易公司", -1)).as("two items, one per access").hasSize(3);

        String view = page(get("/access/reviews/" + inspection), security);
        assertThat(view).contains("id=\"review-customer\"", "审查列表贸易公司", ">Phone<", ">E-mail<",
                "id=\"review-" + inspection + "\"");
        mvc.perform(post("/access/reviews/" + emergency).session(security).with(csrf()).param("outcome", "JUSTIFIED")
                .param("note", "Confirmed with the owner.")).andExpect(redirectedUrl("/access/reviews"));
        assertThat(jdbc.sql("select count(*) from access_review where employee_id = ? and reviewed_at is null")
                .param(colleague.id()).query(Long.class).single()).as("the reveal under it is reviewed with it").isZero();
        mvc.perform(get("/access/reviews/" + inspection).session(Pages.signIn(mvc, colleague, clock.instant())))
                .andExpect(status().isForbidden());
    }

    private static String row(String page, UUID item) {
        int start = page.indexOf("id=\"item-" + item + "\"");
        assertThat(start).as("item " + item + " listed").isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    @Test
    void nobodyIsShownOrAllowedTheReviewOfTheirOwnEmergencyAccess() throws Exception {
        UUID department = accounts.department("AS" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = member(department, Role.EMPLOYEE);
        TestAccounts.Account head = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account secondHead = member(department, Role.EMPLOYEE, Role.DEPT_HEAD);
        String location = customer(Pages.signIn(mvc, owner, clock.instant()));
        UUID customer = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        // The head's own emergency access to a customer of the department they review.
        UUID item = UUID.randomUUID();
        jdbc.sql("insert into break_glass (id, customer_id, department_id, employee_id, justification, requested_at, "
                        + "expires_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(item, customer, department, head.id(), "The owner is away and the port needs the papers now.",
                        java.sql.Timestamp.from(clock.instant()),
                        java.sql.Timestamp.from(clock.instant().plusSeconds(3600)))
                .update();

        assertThat(homeTasks.tasksFor(head.id())).isEmpty();
        MockHttpSession headSession = Pages.signIn(mvc, head, clock.instant());
        assertThat(page(get("/"), headSession)).doesNotContain("await your review");
        assertThat(page(get("/access/reviews").param("all", "true"), headSession)).doesNotContain(item.toString());
        mvc.perform(post("/access/reviews/" + item).session(headSession).with(csrf()).param("outcome", "JUSTIFIED")
                        .param("note", "It was urgent, trust me."))
                .andExpect(status().isUnprocessableContent());
        assertThat(jdbc.sql("select count(*) from break_glass where id = ? and reviewed_at is null").param(item)
                .query(Long.class).single()).isEqualTo(1);

        assertThat(homeTasks.tasksFor(secondHead.id())).singleElement()
                .satisfies(t -> assertThat(t.args()).containsExactly(1));
        assertThat(page(get("/access/reviews"), Pages.signIn(mvc, secondHead, clock.instant())))
                .contains("id=\"review-" + item + "\"");
    }

    @Test
    void theAuditorIsToldWhatWasDecidedAndWhatThePolicyInForceThenDecides() throws Exception {
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession ownerSession = Pages.signIn(mvc, owner, clock.instant());
        String location = customer(ownerSession);
        String customer = location.substring(location.lastIndexOf('/') + 1);
        mvc.perform(get(location).session(ownerSession)).andExpect(status().isOk());
        mvc.perform(post(location + "/reveal").session(ownerSession).with(csrf()).param("field", "email")
                .param("purpose", "MARKETING")).andExpect(status().isForbidden());
        int version = policies.current().version();

        MockHttpSession auditor = signIn(Role.AUDITOR);
        assertThat(page(get("/access/explain"), auditor)).contains("id=\"explain-form\"", "<option value=\"phone\">")
                .doesNotContain("id=\"recorded\"", "id=\"problem\"");
        String phone = page(get("/access/explain").param("employee", owner.username()).param("customer", customer)
                .param("field", "phone").param("at", ""), auditor);
        assertThat(phone).contains("id=\"recorded\"", "customer.record.viewed", "id=\"recorded-outcome\">Masked<",
                "id=\"recorded-rule\">owner<", "v" + version, "id=\"evaluated-view\"")
                .doesNotContain("id=\"evaluated-reveal\"");
        String email = page(get("/access/explain").param("employee", owner.username()).param("customer", customer)
                .param("field", "email"), auditor);
        assertThat(email).contains("customer.field.reveal-refused", "id=\"recorded-outcome\">Refused<",
                "Customer has not consented to: Marketing.", "id=\"recorded-purpose\">Marketing<",
                "id=\"evaluated-reveal\"", "Revealing for Marketing");
        String before = page(get("/access/explain").param("employee", owner.username()).param("customer", customer)
                .param("field", "phone").param("at", "2020-01-01T00:00"), auditor);
        assertThat(before).contains("id=\"not-recorded\"", "value=\"2020-01-01T00:00:00\"", "id=\"evaluated-view\"");

        mvc.perform(get("/access/explain").session(auditor).header("Accept-Language", "en")
                        .param("employee", "nobody.here").param("customer", customer).param("field", "phone"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString())
                        .contains("There is no employee with this user name.", "is-invalid"));
        mvc.perform(get("/access/explain").session(auditor).header("Accept-Language", "zh-CN")
                        .param("employee", owner.username()).param("customer", "not-an-id").param("field", "phone"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(r -> assertThat(r.getResponse().getContentAsString()).contains("请输入客户页面地址中显示的客户标识"));

        assertThat(page(get("/access/explain"), signIn(Role.SECURITY_ADMIN))).contains("id=\"explain-form\"");
        mvc.perform(get("/access/explain").session(ownerSession)).andExpect(status().isForbidden());
        mvc.perform(get("/access/explain").session(signIn(Role.DEPT_HEAD))).andExpect(status().isForbidden());
    }

    @Test
    void theNavigationOffersEachPersonTheAccessPagesTheyMayUse() throws Exception {
        assertThat(page(get("/"), signIn(Role.SECURITY_ADMIN)))
                .contains("id=\"nav-access-policy\"", "id=\"nav-access-reviews\"", "id=\"nav-access-explain\"");
        assertThat(page(get("/"), signIn(Role.AUDITOR))).contains("id=\"nav-access-policy\"", "id=\"nav-access-explain\"")
                .doesNotContain("id=\"nav-access-reviews\"");
        assertThat(page(get("/"), signIn(Role.DEPT_HEAD))).contains("id=\"nav-access-reviews\"")
                .doesNotContain("id=\"nav-access-policy\"", "id=\"nav-access-explain\"");
        assertThat(page(get("/"), signIn(Role.EMPLOYEE))).doesNotContain("id=\"nav-access\"");
    }

    private MockHttpServletRequestBuilder management(MockHttpSession session, int expectedVersion, boolean review,
            String reason) {
        MockHttpServletRequestBuilder request = post("/access/policy/rules/management").session(session).with(csrf())
                .param("expectedVersion", Integer.toString(expectedVersion)).param("relation", "ANY")
                .param("roles", "MANAGEMENT").param("actions", "LIST", "VIEW", "EXPORT").param("show", "L2")
                .param("mask", "L4").param("reveal", "").param("reason", reason);
        return review ? request.param("review", "true") : request;
    }

    private String page(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        return mvc.perform(request.session(session).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private MockHttpSession signIn(Role role) throws Exception {
        TestAccounts.Account account = Role.requiresSecondFactor(Set.of(role))
                ? accounts.create(clock.instant(), Set.of(role), TestAccounts.newSecret(), false)
                : accounts.create(clock.instant(), Set.of(role));
        return Pages.signIn(mvc, account, clock.instant());
    }

    private TestAccounts.Account member(UUID department, Role... roles) {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(roles));
        accounts.moveTo(account, department);
        return account;
    }

    private String customer(MockHttpSession session) throws Exception {
        return mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "访问页面贸易公司").param("f.phone", "139 0000 1234")
                        .param("f.email", "access.pages@example.cn")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
    }
}
