package io.custos.identity;

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

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 14.12 (R-AUD-1): a password reset, a second-factor reset, a departure and a role removal
 * are confirmed in the page with a reason, the API takes the reason too, and the audit event names
 * the stored reason.
 */
@IntegrationTest
class DestructiveAdminActionsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account admin;
    MockHttpSession session;

    @BeforeEach
    void signInAsSystemAdmin() throws Exception {
        admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        session = Pages.signIn(mvc, admin, clock.instant());
    }

    @Test
    void aPasswordResetIsConfirmedWithAReasonThatLandsInTheAuditTrail() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String hash = passwordHash(someone.id());
        String employeePage = mvc.perform(get("/admin/employees/" + someone.id()).session(session))
                .andReturn().getResponse().getContentAsString();
        assertThat(employeePage).contains("href=\"/admin/employees/" + someone.id() + "/password-reset\"");

        String confirm = mvc.perform(get("/admin/employees/" + someone.id() + "/password-reset").session(session)
                        .header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("id=\"confirm-form\"", "name=\"reason\"", "所有会话和令牌立即失效");

        String refused = mvc.perform(post("/admin/employees/" + someone.id() + "/password-reset").session(session)
                        .with(csrf()).param("reason", "  ").header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("请说明原因", "is-invalid").doesNotContain("admin-reason-required");
        assertThat(passwordHash(someone.id())).isEqualTo(hash);

        mvc.perform(post("/admin/employees/" + someone.id() + "/password-reset").session(session).with(csrf())
                        .param("reason", "Locked out before the trade fair"))
                .andExpect(status().isOk());
        assertThat(passwordHash(someone.id())).isNotEqualTo(hash);
        assertThat(reasonOf(someone.id(), "identity.password.reset")).isEqualTo("Locked out before the trade fair");
    }

    @Test
    void aSecondFactorResetTakesAReasonInTheApi() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE), TestAccounts.newSecret(),
                false);
        String token = Api.token(mvc, admin, clock.instant().plusSeconds(30));
        mvc.perform(post("/api/v1/employees/" + someone.id() + "/second-factor-reset").header("Authorization", token))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("admin-reason-required"))
                .andExpect(jsonPath("$.field").value("reason"));
        assertThat(jdbc.sql("select totp_enabled from employee where id = ?").param(someone.id()).query(Boolean.class)
                .single()).isTrue();
        mvc.perform(post("/api/v1/employees/" + someone.id() + "/second-factor-reset").header("Authorization", token)
                        .contentType(MediaType.APPLICATION_JSON).content(json(Map.of("reason", "Phone lost"))))
                .andExpect(status().isNoContent());
        assertThat(reasonOf(someone.id(), "identity.second-factor.reset")).isEqualTo("Phone lost");
    }

    @Test
    void aDepartureAndARoleRemovalAreConfirmedFirstWithAReason() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        String confirm = mvc.perform(post("/admin/employees/" + someone.id()).session(session).with(csrf())
                        .param("displayName", "Leaving").param("roles", "EMPLOYEE").param("status", "DEPARTED"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("id=\"confirm-change\"", "Department head", "Departed", "name=\"confirmed\"")
                .doesNotContain("DEPT_HEAD</span>");
        assertThat(roles(someone.id())).containsExactlyInAnyOrder("EMPLOYEE", "DEPT_HEAD");

        String noReason = mvc.perform(post("/admin/employees/" + someone.id()).session(session).with(csrf())
                        .param("displayName", "Leaving").param("roles", "EMPLOYEE").param("status", "DEPARTED")
                        .param("confirmed", "true").param("reason", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(noReason).contains("Say why you are doing this");
        assertThat(roles(someone.id())).containsExactlyInAnyOrder("EMPLOYEE", "DEPT_HEAD");

        mvc.perform(post("/admin/employees/" + someone.id()).session(session).with(csrf())
                        .param("displayName", "Leaving").param("roles", "EMPLOYEE").param("status", "DEPARTED")
                        .param("confirmed", "true").param("reason", "Resigned, last day today"))
                .andExpect(redirectedUrl("/admin/employees/" + someone.id()));
        assertThat(roles(someone.id())).containsExactly("EMPLOYEE");
        assertThat(reasonOf(someone.id(), "identity.employee.status-changed")).isEqualTo("Resigned, last day today");
        assertThat(reasonOf(someone.id(), "identity.employee.roles-changed")).isEqualTo("Resigned, last day today");
    }

    @Test
    void theApiRefusesARoleRemovalWithoutAReason() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        String token = Api.token(mvc, admin, clock.instant().plusSeconds(30));
        mvc.perform(put("/api/v1/employees/" + someone.id()).header("Authorization", token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "X", "roles", List.of("EMPLOYEE"), "status", "ACTIVE"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("admin-reason-required"));
        assertThat(roles(someone.id())).containsExactlyInAnyOrder("EMPLOYEE", "DEPT_HEAD");
    }

    @Test
    void aDepartmentCreatedWithTheBoxUntickedDoesNotHandleCustomerData() throws Exception {
        String code = "NB" + UUID.randomUUID().toString().substring(0, 6);
        mvc.perform(post("/admin/departments").session(session).with(csrf()).param("code", code)
                        .param("nameZh", "后勤").param("nameEn", "Facilities").param("_handlesCustomerData", "on"))
                .andExpect(redirectedUrl("/admin/departments"));
        assertThat(jdbc.sql("select handles_customer_data from department where code = ?").param(code)
                .query(Boolean.class).single()).isFalse();
    }

    /** The audit event of {@code action} about the account, and the reason it names. */
    private String reasonOf(UUID employee, String action) {
        String details = jdbc.sql("select details from audit_event where action = ? and target_id = ? order by id desc")
                .params(action, employee.toString()).query(String.class).list().get(0);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"reasonId\":\"([0-9a-f-]{36})\"").matcher(details);
        assertThat(id.find()).as("reasonId in %s", details).isTrue();
        assertThat(details).doesNotContain("Locked out", "Phone lost", "Resigned");
        return jdbc.sql("select reason from employee_admin_reason where id = ? and employee_id = ?")
                .params(UUID.fromString(id.group(1)), employee).query(String.class).single();
    }

    private String passwordHash(UUID id) {
        return jdbc.sql("select password_hash from employee where id = ?").param(id).query(String.class).single();
    }

    private List<String> roles(UUID id) {
        return jdbc.sql("select role from employee_role where employee_id = ?").param(id).query(String.class).list();
    }
}
