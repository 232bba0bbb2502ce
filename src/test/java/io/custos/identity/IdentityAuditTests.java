package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * R-AUD-1 retrofit: sign-in, lockout, tokens, second factor, passwords, accounts, roles,
 * departments, sign-out and refusals all leave an event, with ids and codes but never a secret.
 */
@IntegrationTest
class IdentityAuditTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired MyAccount myAccount;

    record Row(String action, String outcome, String actorType, String actorName, String targetId, String details,
            String category) {
    }

    List<Row> eventsAbout(UUID target) {
        return jdbc.sql("select action, outcome, actor_type, actor_name, target_id, details, category from audit_event "
                + "where target_id = ? order by id")
                .param(target.toString())
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    @Test
    void recordsSignInSuccessAndFailureWithTheReasonForAuditorsOnly() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MvcResult refused = Api.tokenRequest(mvc, someone.username(), "Wrong#Pass2026", null);
        assertThat(refused.getResponse().getContentAsString()).doesNotContain("wrong-password");
        Api.token(mvc, someone, clock.instant());

        List<Row> events = eventsAbout(someone.id());
        assertThat(events).extracting(Row::action, Row::outcome).containsSubsequence(
                org.assertj.core.groups.Tuple.tuple("identity.sign-in", "DENIED"),
                org.assertj.core.groups.Tuple.tuple("identity.sign-in", "ALLOWED"),
                org.assertj.core.groups.Tuple.tuple("identity.token.issued", "ALLOWED"));
        assertThat(events.get(0).details()).contains("wrong-password");
        assertThat(events.get(0).actorType()).isEqualTo("ANONYMOUS");
        assertThat(events.get(1).actorName()).isEqualTo(someone.username());
        assertThat(events).allMatch(e -> e.category().equals("SECURITY"));
    }

    @Test
    void anUnknownNameIsRecordedWithoutTheNameItself() throws Exception {
        String typed = "Secret#Typed" + UUID.randomUUID().toString().substring(0, 8);
        Api.tokenRequest(mvc, typed, "whatever", null);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.sign-in' and actor_type = "
                + "'ANONYMOUS' and details like '%unknown-account%'").query(Long.class).single()).isPositive();
        assertThat(everyStoredText()).doesNotContain(typed);
    }

    @Test
    void recordsTheLockout() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        for (int i = 0; i < 5; i++) {
            Api.tokenRequestFrom(mvc, "192.0.2." + i, someone.username(), "Wrong#Pass2026", null);
        }
        Row locked = eventsAbout(someone.id()).stream().filter(e -> e.action().equals("identity.account.locked"))
                .findFirst().orElseThrow();
        assertThat(locked.actorName()).isEqualTo("system:lockout");
        assertThat(locked.details()).contains("\"failures\":5");
    }

    @Test
    void recordsTokenIssueAndRevokeByTokenIdNeverTheToken() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(delete("/api/v1/auth/token").header("Authorization", bearer)).andExpect(status().isNoContent());

        UUID tokenId = jdbc.sql("select id from api_token where employee_id = ?").param(someone.id())
                .query(UUID.class).single();
        List<Row> events = eventsAbout(someone.id());
        assertThat(events).filteredOn(e -> e.action().startsWith("identity.token."))
                .extracting(Row::action).containsExactly("identity.token.issued", "identity.token.revoked");
        assertThat(events).filteredOn(e -> e.action().startsWith("identity.token."))
                .allMatch(e -> e.details().contains(tokenId.toString()));
        assertThat(everyStoredText()).doesNotContain(bearer.substring("Bearer ".length()));
    }

    @Test
    void recordsSecondFactorEnrolmentAndPasswordChangeIncludingRefusals() {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        CustosUser me = new CustosUser(someone.id(), someone.username(), "T", null, Set.of(Role.EMPLOYEE),
                EmployeeStatus.ACTIVE);
        SecurityContextHolder.getContext().setAuthentication(CustosAuthenticationProvider.authenticated(me));
        try {
            MyAccount.Enrolment enrolment = myAccount.startSecondFactorEnrolment(me);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> myAccount.confirmSecondFactor(me, "000000x"));
            myAccount.confirmSecondFactor(me, TestAccounts.totp(enrolment.secret(), clock.instant()));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> myAccount.changePassword(me, "Not#ThePassword1", "New#Pass2026xyz"));
            myAccount.changePassword(me, TestAccounts.PASSWORD, "New#Pass2026xyz");

            assertThat(eventsAbout(someone.id())).extracting(Row::action, Row::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("identity.second-factor.enrolled", "DENIED"),
                    org.assertj.core.groups.Tuple.tuple("identity.second-factor.enrolled", "ALLOWED"),
                    org.assertj.core.groups.Tuple.tuple("identity.password.changed", "DENIED"),
                    org.assertj.core.groups.Tuple.tuple("identity.password.changed", "ALLOWED"));
            assertThat(everyStoredText()).doesNotContain(enrolment.secret(), "New#Pass2026xyz", "Not#ThePassword1");
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void recordsAccountRoleStatusAndDepartmentChangesByTheAdministrator() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(),
                false);
        String bearer = Api.token(mvc, admin, clock.instant());
        String code = "D" + UUID.randomUUID().toString().substring(0, 6);
        MvcResult department = mvc.perform(post("/api/v1/departments").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("code", code, "nameZh", "测试部", "nameEn", "Test"))))
                .andExpect(status().isCreated()).andReturn();
        UUID departmentId = UUID.fromString((String) Api.body(department).get("id"));

        MvcResult created = mvc.perform(post("/api/v1/employees").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("username", "new." + code.toLowerCase(), "displayName", "王新",
                        "email", "wang.xin@example.com", "roles", List.of("EMPLOYEE")))))
                .andExpect(status().isCreated()).andReturn();
        UUID employeeId = UUID.fromString((String) Api.body(created).get("id"));
        String linkToken = io.custos.support.OneTimePasswords.token(String.valueOf(Api.body(created).get("link")));

        mvc.perform(put("/api/v1/employees/" + employeeId).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("displayName", "王新", "email", "xin.wang@example.com",
                        "departmentId", departmentId.toString(), "roles", List.of("EMPLOYEE", "DEPT_HEAD"),
                        "status", "ACTIVE"))))
                .andExpect(status().isOk());
        TestAccounts.Account approver = accounts.approvePendingRoles(clock.instant(), employeeId);
        mvc.perform(put("/api/v1/employees/" + employeeId).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("displayName", "王新", "email", "xin.wang@example.com",
                        "departmentId", departmentId.toString(), "roles", List.of("EMPLOYEE", "DEPT_HEAD"),
                        "status", "ON_NOTICE", "reason", "Leaves at the end of the month",
                        "leavesOn", java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                                .plusDays(20).toString()))))
                .andExpect(status().isOk());
        mvc.perform(put("/api/v1/departments/" + departmentId).header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON)
                // Someone on notice cannot be named head (they settle nobody's handover): the name changes.
                .content(Api.json(Map.of("nameZh", "测试部", "nameEn", "Test"))))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/employees/" + employeeId + "/password-reset").header("Authorization", bearer)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", "Forgot it"))))
                .andExpect(status().isOk());

        List<Row> about = eventsAbout(employeeId);
        assertThat(about).extracting(Row::action).containsExactly("identity.employee.created",
                "identity.role-grant.requested", "identity.credential-link.issued", "identity.role-grant.cancelled",
                "identity.employee.updated", "identity.role-grant.requested", "identity.role-grant.approved",
                "identity.employee.roles-changed", "identity.employee.status-changed", "identity.credential-link.issued",
                "identity.password.reset");
        assertThat(about).filteredOn(e -> !e.action().startsWith("identity.role-grant.approved")
                && !e.action().equals("identity.employee.roles-changed"))
                .allMatch(e -> e.actorName().equals(admin.username()));
        assertThat(about.get(6).actorName()).isEqualTo(approver.username());
        assertThat(about.get(4).details()).contains("email").doesNotContain("example.com");
        assertThat(about.get(4).category()).isEqualTo("ADMINISTRATION");
        assertThat(about.get(7).details()).contains("\"added\":[\"DEPT_HEAD\",\"EMPLOYEE\"]");
        assertThat(about.get(8).details()).contains("ON_NOTICE", "reasonId");
        assertThat(everyStoredText()).doesNotContain("Leaves at the end", "Forgot it");
        assertThat(eventsAbout(departmentId)).extracting(Row::action)
                .containsExactly("identity.department.created", "identity.department.updated");
        assertThat(everyStoredText()).doesNotContain("王新", "example.com", linkToken);
    }

    @Test
    void recordsSignOut() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        CustosUser me = new CustosUser(someone.id(), someone.username(), "T", null, Set.of(Role.EMPLOYEE),
                EmployeeStatus.ACTIVE);
        mvc.perform(post("/logout").with(csrf()).with(authentication(CustosAuthenticationProvider.authenticated(me))))
                .andExpect(status().is3xxRedirection());
        assertThat(eventsAbout(someone.id())).extracting(Row::action).containsExactly("identity.sign-out");
    }

    @Test
    void recordsARefusalOfASignedInPerson() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(get("/api/v1/employees").header("Authorization", bearer)).andExpect(status().isForbidden());
        clock.advance(Duration.ofSeconds(1));
        List<String> details = jdbc.sql("select details from audit_event where action = 'security.access.denied' "
                + "and actor_id = ?").param(someone.id()).query(String.class).list();
        assertThat(details).hasSize(1);
        assertThat(details.get(0)).contains("EmployeeManagement.list");
    }

    /** Every text column of every event, to look for what must never be there. */
    private String everyStoredText() {
        return String.join("\n", jdbc.sql("select concat(action, '|', actor_name, '|', coalesce(target_type, ''), '|', "
                + "coalesce(target_id, ''), '|', coalesce(purpose, ''), '|', details) from audit_event")
                .query(String.class).list());
    }
}
