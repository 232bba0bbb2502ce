package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OneTimePasswords;
import io.custos.support.TestAccounts;

/** R-ORG-1, R-ORG-2: the system administrator manages accounts and departments; duties stay separated. */
@IntegrationTest
class AccountAdministrationTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired CredentialLinks links;

    TestAccounts.Account adminAccount;
    String admin;

    @BeforeEach
    void signInAsSystemAdmin() throws Exception {
        adminAccount = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(), false);
        admin = Api.token(mvc, adminAccount, clock.instant());
    }

    @Test
    void refusesAnAccountHoldingTwoSeparatedDuties() throws Exception {
        mvc.perform(post("/api/v1/employees").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("username", "dual.role", "displayName", "Dual",
                                "roles", List.of("SYSTEM_ADMIN", "AUDITOR")))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("separation-of-duties"));
        assertThat(jdbc.sql("select count(*) from employee where username = 'dual.role'").query(Long.class).single()).isZero();
    }

    @Test
    void refusesAddingASecondSeparatedDutyToAnExistingAccount() throws Exception {
        TestAccounts.Account auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR));
        mvc.perform(put("/api/v1/employees/" + auditor.id()).header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "A", "roles", List.of("AUDITOR", "SECURITY_ADMIN"),
                                "status", "ACTIVE"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("separation-of-duties"));
        assertThat(jdbc.sql("select role from employee_role where employee_id = ?").param(auditor.id())
                .query(String.class).list()).containsExactly("AUDITOR");
    }

    @Test
    void onlyTheSystemAdministratorManagesAccounts() throws Exception {
        for (Role role : List.of(Role.SECURITY_ADMIN, Role.AUDITOR, Role.DEPT_HEAD, Role.EMPLOYEE)) {
            TestAccounts.Account other = role == Role.SECURITY_ADMIN || role == Role.AUDITOR
                    ? accounts.create(clock.instant(), Set.of(role), TestAccounts.newSecret(), false)
                    : accounts.create(clock.instant(), Set.of(role));
            String bearer = Api.token(mvc, other, clock.instant());
            mvc.perform(get("/api/v1/employees").header("Authorization", bearer))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        }
    }

    @Test
    void aNewAccountMustChangeItsOneTimePasswordFirst() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/employees").header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("username", "new.starter", "displayName", "New Starter",
                                "roles", List.of("EMPLOYEE")))))
                .andExpect(status().isCreated()).andReturn();
        assertThat(body(created)).doesNotContainKey("oneTimePassword").containsKey("link");
        String oneTime = OneTimePasswords.open(links, body(created));
        assertThat(created.getResponse().getHeader("Location")).startsWith("/api/v1/employees/");

        String bearer = "Bearer " + body(tokenRequest(mvc, "new.starter", oneTime, null)).get("token");
        mvc.perform(get("/api/v1/departments").header("Authorization", bearer))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("password-change-required"));
        mvc.perform(post("/api/v1/account/password").header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("currentPassword", oneTime, "newPassword", "weak"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("password-policy"));
        mvc.perform(post("/api/v1/account/password").header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("currentPassword", oneTime, "newPassword", "Fresh#Start2026"))))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/departments").header("Authorization", bearer)).andExpect(status().isOk());
    }

    @Test
    void aResetPasswordMustBeChangedAndEndsLiveTokens() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String old = Api.token(mvc, someone, clock.instant());
        MvcResult reset = mvc.perform(post("/api/v1/employees/" + someone.id() + "/password-reset")
                .header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                .content(json(Map.of("reason", "Forgot it")))).andExpect(status().isOk()).andReturn();
        mvc.perform(get("/api/v1/me").header("Authorization", old)).andExpect(status().isUnauthorized());
        assertThat(tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null).getResponse().getStatus()).isEqualTo(401);
        String oneTime = OneTimePasswords.open(links, body(reset));
        String bearer = "Bearer " + body(tokenRequest(mvc, someone.username(), oneTime, null)).get("token");
        mvc.perform(get("/api/v1/me").header("Authorization", bearer))
                .andExpect(jsonPath("$.pendingActions[0]").value("CHANGE_PASSWORD"));
    }

    @Test
    void aPasswordOlderThanNinetyDaysMustBeChanged() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        clock.advance(Duration.ofDays(91));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(get("/api/v1/departments").header("Authorization", bearer))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("password-change-required"));
    }

    @Test
    void unlocksALockedAccount() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        for (int i = 0; i < 5; i++) {
            io.custos.support.Api.tokenRequestFrom(mvc, "192.0.2." + i, someone.username(), "Wrong#Pass1", null);
        }
        mvc.perform(get("/api/v1/employees/" + someone.id()).header("Authorization", admin))
                .andExpect(jsonPath("$.locked").value(true));
        mvc.perform(post("/api/v1/employees/" + someone.id() + "/unlock").header("Authorization", admin))
                .andExpect(status().isNoContent());
        assertThat(tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null).getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void aDepartmentHeadMustBeAMember() throws Exception {
        MvcResult created = mvc.perform(post("/api/v1/departments").header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("code", "D" + System.nanoTime() % 100000, "nameZh", "测试部", "nameEn", "Test"))))
                .andExpect(status().isCreated()).andReturn();
        String id = (String) body(created).get("id");
        TestAccounts.Account outsider = accounts.create(clock.instant(), Set.of(Role.DEPT_HEAD));
        mvc.perform(put("/api/v1/departments/" + id).header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("nameZh", "测试部", "nameEn", "Test", "headId", outsider.id().toString()))))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("head-not-member"));

        jdbc.sql("update employee set department_id = ? where id = ?").params(java.util.UUID.fromString(id), outsider.id()).update();
        mvc.perform(put("/api/v1/departments/" + id).header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("nameZh", "测试部", "nameEn", "Test", "headId", outsider.id().toString()))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.headUsername").value(outsider.username()));
    }

    /** Issue 13.2: the last administrator, like everyone, cannot change their own roles. */
    @Test
    void theLastSystemAdministratorCannotBeRemoved() throws Exception {
        jdbc.sql("""
                update employee set status = 'DEPARTED' where id <> ?
                and id in (select employee_id from employee_role where role = 'SYSTEM_ADMIN')""")
                .param(adminAccount.id()).update();
        mvc.perform(put("/api/v1/employees/" + adminAccount.id()).header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "A", "roles", List.of("SECURITY_ADMIN"), "status", "ACTIVE",
                                "reason", "Moving to security"))))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("own-account-change"));
        assertThat(jdbc.sql("select role from employee_role where employee_id = ?").param(adminAccount.id())
                .query(String.class).list()).containsExactly("SYSTEM_ADMIN");
    }
}
