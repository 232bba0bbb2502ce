package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 13.2 (R-ORG-2, 三员分立): the system administrator gave himself EMPLOYEE and DEPT_HEAD, moved
 * into Sales 1 and revealed customer data. Each way of doing that is refused, and roles that reach
 * customer content hold only after a second person approves them.
 */
@IntegrationTest
class SeparationOfDutiesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account admin;
    String adminToken;
    UUID it;
    UUID sales;
    TestAccounts.Account salesHead;

    @BeforeEach
    void company() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        it = accounts.department("IT" + suffix);
        sales = accounts.customerDepartment("SALES" + suffix);
        admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        accounts.moveTo(admin, it);
        adminToken = Api.token(mvc, admin, clock.instant());
        salesHead = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        accounts.moveTo(salesHead, sales);
        jdbc.sql("update department set head_id = ? where id = ?").params(salesHead.id(), sales).update();
    }

    @Test
    void theSystemAdministratorCannotGiveHimselfCustomerRolesNorMoveIntoSales() throws Exception {
        for (List<String> roles : List.of(List.of("SYSTEM_ADMIN", "EMPLOYEE", "DEPT_HEAD"), List.of("EMPLOYEE", "DEPT_HEAD"),
                List.of("SYSTEM_ADMIN"))) {
            mvc.perform(put("/api/v1/employees/" + admin.id()).header("Authorization", adminToken)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of("displayName", "Me", "departmentId", sales.toString(), "roles", roles,
                                    "status", "ACTIVE", "reason", "I want to see customers"))))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("own-account-change"));
        }
        assertThat(rolesOf(admin.id())).containsExactly("SYSTEM_ADMIN");
        assertThat(departmentOf(admin.id())).isEqualTo(it);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.employee.updated' "
                + "and outcome = 'DENIED' and target_id = ?").param(admin.id().toString()).query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void anotherAdministratorCannotGiveASeparatedDutyCustomerRolesOrACustomerDepartment() throws Exception {
        TestAccounts.Account accomplice = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        String accompliceToken = Api.token(mvc, accomplice, clock.instant());
        mvc.perform(put("/api/v1/employees/" + admin.id()).header("Authorization", accompliceToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "A", "departmentId", it.toString(),
                                "roles", List.of("SYSTEM_ADMIN", "EMPLOYEE"), "status", "ACTIVE"))))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("separation-of-duties"));
        mvc.perform(put("/api/v1/employees/" + admin.id()).header("Authorization", accompliceToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "A", "departmentId", sales.toString(),
                                "roles", List.of("SYSTEM_ADMIN"), "status", "ACTIVE"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("duty-in-customer-department"));
        mvc.perform(post("/api/v1/employees").header("Authorization", accompliceToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("username", "sock." + UUID.randomUUID().toString().substring(0, 6),
                                "displayName", "Sock", "departmentId", sales.toString(), "roles", List.of("AUDITOR")))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("duty-in-customer-department"));
        assertThat(rolesOf(admin.id())).containsExactly("SYSTEM_ADMIN");
        assertThat(departmentOf(admin.id())).isEqualTo(it);
    }

    @Test
    void aDepartmentCannotBeMarkedToMixSeparatedDutiesWithCustomerData() throws Exception {
        mvc.perform(put("/api/v1/departments/" + it).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("nameZh", "IT", "nameEn", "IT", "handlesCustomerData", true))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("duty-in-customer-department"));
        mvc.perform(put("/api/v1/departments/" + sales).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("nameZh", "S", "nameEn", "S", "handlesCustomerData", false))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("department-handles-customer-data"));
    }

    @Test
    void rolesThatReachCustomerDataHoldOnlyOnceTheReceivingHeadApproves() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/employees").header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("username", "puppet." + UUID.randomUUID().toString().substring(0, 6),
                                "displayName", "Puppet", "departmentId", sales.toString(),
                                "roles", List.of("EMPLOYEE", "DEPT_HEAD")))))
                .andExpect(status().isCreated()).andReturn();
        UUID puppet = UUID.fromString((String) body(created).get("id"));
        String grant = (String) body(created).get("roleGrantId");
        assertThat(grant).isNotNull();
        assertThat(rolesOf(puppet)).isEmpty();

        TestAccounts.Account otherHead = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        UUID otherSales = accounts.customerDepartment("OTHER" + UUID.randomUUID().toString().substring(0, 6));
        accounts.moveTo(otherHead, otherSales);
        jdbc.sql("update department set head_id = ? where id = ?").params(otherHead.id(), otherSales).update();
        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(colleague, sales);
        for (String token : List.of(adminToken, Api.token(mvc, otherHead, clock.instant()),
                Api.token(mvc, colleague, clock.instant()))) {
            mvc.perform(post("/api/v1/role-grants/" + grant + "/approval").header("Authorization", token))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("role-grant-not-approver"));
        }
        assertThat(rolesOf(puppet)).isEmpty();

        String head = Api.token(mvc, salesHead, clock.instant());
        mvc.perform(get("/api/v1/role-grants").header("Authorization", head))
                .andExpect(jsonPath("$[?(@.id == '" + grant + "')]").exists());
        mvc.perform(post("/api/v1/role-grants/" + grant + "/approval").header("Authorization", head))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("APPROVED"));
        assertThat(rolesOf(puppet)).containsExactlyInAnyOrder("EMPLOYEE", "DEPT_HEAD");
        mvc.perform(post("/api/v1/role-grants/" + grant + "/approval").header("Authorization", head))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("role-grant-decided"));
        assertThat(jdbc.sql("select action from audit_event where target_id = ? and action like 'identity.role-grant.%' "
                + "and outcome = 'ALLOWED' order by id").param(puppet.toString()).query(String.class).list())
                .containsExactly("identity.role-grant.requested", "identity.role-grant.approved");
    }

    @Test
    void thePersonConcernedCannotApproveTheirOwnRoles() throws Exception {
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT), TestAccounts.newSecret(),
                false);
        mvc.perform(put("/api/v1/employees/" + manager.id()).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "M", "roles", List.of("MANAGEMENT", "ADMIN_OFFICER"),
                                "status", "ACTIVE"))))
                .andExpect(status().isOk());
        String grant = jdbc.sql("select id from role_grant where employee_id = ? and status = 'PENDING'")
                .param(manager.id()).query(String.class).single();
        mvc.perform(post("/api/v1/role-grants/" + grant + "/approval")
                        .header("Authorization", Api.token(mvc, manager, clock.instant())))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("role-grant-not-approver"));
        assertThat(rolesOf(manager.id())).containsExactly("MANAGEMENT");
    }

    @Test
    void movingSomeoneWhoHoldsCustomerRolesWaitsForTheNewDepartmentsHead() throws Exception {
        TestAccounts.Account seller = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        UUID before = accounts.customerDepartment("FROM" + UUID.randomUUID().toString().substring(0, 6));
        accounts.moveTo(seller, before);
        mvc.perform(put("/api/v1/employees/" + seller.id()).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "S", "departmentId", sales.toString(),
                                "roles", List.of("EMPLOYEE"), "status", "ACTIVE"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.departmentId").value(before.toString()));
        accounts.approvePendingRoles(clock.instant(), seller.id());
        assertThat(departmentOf(seller.id())).isEqualTo(sales);
    }

    @Test
    void aProfileEditLeavesTheWaitingRequestAlone() throws Exception {
        TestAccounts.Account seller = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(seller, sales);
        for (List<String> roles : List.of(List.of("EMPLOYEE", "DEPT_HEAD"), List.of("EMPLOYEE"))) {
            mvc.perform(put("/api/v1/employees/" + seller.id()).header("Authorization", adminToken)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json(Map.of("displayName", "Seller", "email", "s" + roles.size() + "@example.com",
                                    "departmentId", sales.toString(), "roles", roles, "status", "ACTIVE"))))
                    .andExpect(status().isOk());
        }
        assertThat(jdbc.sql("select status from role_grant where employee_id = ?").param(seller.id())
                .query(String.class).list()).containsExactly("PENDING");
        accounts.approvePendingRoles(clock.instant(), seller.id());
        assertThat(rolesOf(seller.id())).containsExactlyInAnyOrder("EMPLOYEE", "DEPT_HEAD");
    }

    @Test
    void theHeadFindsTheRequestOnTheHomePageAndDecidesItInThePage() throws Exception {
        TestAccounts.Account newcomer = accounts.create(clock.instant(), Set.of());
        accounts.moveTo(newcomer, sales);
        mvc.perform(put("/api/v1/employees/" + newcomer.id()).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "Newcomer", "departmentId", sales.toString(),
                                "roles", List.of("EMPLOYEE"), "status", "ACTIVE"))))
                .andExpect(status().isOk());
        String grant = jdbc.sql("select id from role_grant where employee_id = ? and status = 'PENDING'")
                .param(newcomer.id()).query(String.class).single();

        MockHttpSession head = Pages.signIn(mvc, salesHead, clock.instant());
        String home = mvc.perform(get("/").session(head)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(home).contains("/role-grants/" + grant).contains("Newcomer");
        String page = mvc.perform(get("/role-grants/" + grant).session(head).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"approve-grant\"", "员工", "待批准").doesNotContain("EMPLOYEE", "PENDING");

        mvc.perform(post("/role-grants/" + grant + "/approval").session(head).with(csrf()))
                .andExpect(redirectedUrl("/role-grants/" + grant));
        assertThat(rolesOf(newcomer.id())).containsExactly("EMPLOYEE");
        assertThat(mvc.perform(get("/").session(head)).andReturn().getResponse().getContentAsString())
                .doesNotContain("/role-grants/" + grant);

        MockHttpSession requester = Pages.signIn(mvc, admin, clock.instant().plusSeconds(30));
        clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(mvc.perform(get("/").session(requester)).andReturn().getResponse().getContentAsString())
                .doesNotContain("/role-grants/");
    }

    @Test
    void managementRejectsInThePageWithANote() throws Exception {
        TestAccounts.Account newcomer = accounts.create(clock.instant(), Set.of());
        mvc.perform(put("/api/v1/employees/" + newcomer.id()).header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "N", "roles", List.of("ADMIN_OFFICER"), "status", "ACTIVE"))))
                .andExpect(status().isOk());
        String grant = jdbc.sql("select id from role_grant where employee_id = ? and status = 'PENDING'")
                .param(newcomer.id()).query(String.class).single();
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT), TestAccounts.newSecret(),
                false);
        MockHttpSession session = Pages.signIn(mvc, manager, clock.instant());
        mvc.perform(post("/role-grants/" + grant + "/rejection").session(session).with(csrf())
                        .param("note", "Not in the administration department"))
                .andExpect(redirectedUrl("/role-grants/" + grant));
        assertThat(rolesOf(newcomer.id())).isEmpty();
        assertThat(jdbc.sql("select status from role_grant where id = ?").param(UUID.fromString(grant))
                .query(String.class).single()).isEqualTo("REJECTED");
    }

    private List<String> rolesOf(UUID id) {
        return jdbc.sql("select role from employee_role where employee_id = ?").param(id).query(String.class).list();
    }

    private UUID departmentOf(UUID id) {
        return jdbc.sql("select department_id from employee where id = ?").param(id).query(UUID.class).single();
    }
}
