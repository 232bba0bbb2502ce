package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Partner users (issue 15.1, 15.3, 15.4): made only by the administration officer, PARTNER and
 * nothing else, bound to their partner, out of every staff API, and out altogether once the partner
 * is inactive; the NDA in force must be accepted, again for each new version.
 */
@IntegrationTest
class PartnerAccountTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired PasswordEncoder passwords;
    @Autowired Partners partners;
    @Autowired io.custos.identity.CredentialLinks links;

    private TestAccounts.Account officer;
    private String officerToken;
    private UUID partnerId;

    @BeforeEach
    void partner() throws Exception {
        officer = accounts.create(clock.instant(), EnumSet.of(Role.ADMIN_OFFICER));
        officerToken = Api.token(mvc, officer, clock.instant());
        partnerId = PartnerFixture.createPartner(mvc, officerToken, "Agent Freight " + UUID.randomUUID(), officer.id());
    }

    /** Issue 24.4: the officer never sees a partner user's password; it travels by link and expires. */
    @Test
    void thePartnerUsersPasswordGoesByLinkAndExpiresAfterADay() throws Exception {
        String username = "p" + UUID.randomUUID().toString().substring(0, 8);
        var created = mvc.perform(post("/api/v1/partners/" + partnerId + "/users").header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("username", username, "displayName", "Agent " + username)))).andReturn();
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        Map<String, Object> credential = Api.body(created);
        assertThat(credential).doesNotContainKey("oneTimePassword").containsKey("link").containsKey("expiresAt");
        assertThat(created.getResponse().getContentAsString()).doesNotContain("password\"");

        String password = io.custos.support.OneTimePasswords.open(links, credential);
        assertThat(Api.tokenRequest(mvc, username, password, null).getResponse().getStatus())
                .as("signs in, to choose a password of their own").isIn(201, 403);
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(Api.tokenRequest(mvc, username, password, null).getResponse().getStatus())
                .as("a day later the one-time password is dead").isEqualTo(401);
    }

    @Test
    void aPartnerUserHoldsThePartnerRoleOnlyAndBelongsToTheirPartner() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        assertThat(jdbc.sql("select role from employee_role where employee_id = ?").param(agent.id())
                .query(String.class).list()).containsExactly("PARTNER");
        assertThat(jdbc.sql("select partner_id from employee where id = ?").param(agent.id()).query(UUID.class)
                .single()).isEqualTo(partnerId);
        assertThat(jdbc.sql("select department_id from employee where id = ?").param(agent.id())
                .query(UUID.class).optional()).isEmpty();
        String token = Api.token(mvc, agent, clock.instant());
        mvc.perform(get("/api/v1/me").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/partners/" + partnerId).header("Authorization", token)).andExpect(status().isOk())
                .andExpect(jsonPath("$.riskNotes").doesNotExist()).andExpect(jsonPath("$.managerId").doesNotExist());
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.partner-user.created' "
                + "and target_id = ?").param(agent.id().toString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void onlyTheAdministrationOfficerCreatesPartnerUsers() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        TestAccounts.Account sysadmin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        for (TestAccounts.Account who : List.of(employee, sysadmin)) {
            mvc.perform(post("/api/v1/partners/" + partnerId + "/users")
                    .header("Authorization", Api.token(mvc, who, clock.instant()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("username", "sneaky." + who.username().substring(1, 4),
                            "displayName", "Sneaky")))).andExpect(status().isForbidden());
        }
        assertThat(jdbc.sql("select count(*) from employee where partner_id = ?").param(partnerId).query(Long.class)
                .single()).isZero();
    }

    @Test
    void theOfficerCannotMakeAPartnerAccountForThemselves() throws Exception {
        jdbc.sql("update employee set email = ? where id = ?").params(officer.username() + "@example.com", officer.id())
                .update();
        mvc.perform(post("/api/v1/partners/" + partnerId + "/users").header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("username", "own." + officer.username()
                        .substring(1, 5), "displayName", "Me", "email", officer.username().toUpperCase() + "@example.com"))))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("own-account-change"));
    }

    @Test
    void noStaffRoleReachesAPartnerAccountAndThePartnerRoleNoStaffAccount() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        TestAccounts.Account sysadmin = accounts.create(clock.instant(), EnumSet.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        String admin = Api.token(mvc, sysadmin, clock.instant());
        Map<String, Object> update = new java.util.LinkedHashMap<>(Map.of("displayName", "Agent",
                "roles", List.of("PARTNER", "EMPLOYEE"), "status", "ACTIVE"));
        mvc.perform(put("/api/v1/employees/" + agent.id()).header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(update)))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("partner-account-roles"));
        update.put("roles", List.of("MANAGEMENT"));
        mvc.perform(put("/api/v1/employees/" + agent.id()).header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(update)))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("partner-account-roles"));
        update.put("roles", List.of("PARTNER"));
        update.put("departmentId", accounts.department("PD" + UUID.randomUUID().toString().substring(0, 6)).toString());
        mvc.perform(put("/api/v1/employees/" + agent.id()).header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(update)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("partner-account-department"));
        assertThat(jdbc.sql("select role from employee_role where employee_id = ?").param(agent.id())
                .query(String.class).list()).containsExactly("PARTNER");
        assertThat(jdbc.sql("select count(*) from role_grant where employee_id = ?").param(agent.id())
                .query(Long.class).single()).isZero();

        // The system administrator giving himself a staff role, or a staff account the partner role.
        mvc.perform(put("/api/v1/employees/" + sysadmin.id()).header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("displayName", "Admin",
                        "roles", List.of("SYSTEM_ADMIN", "PARTNER"), "status", "ACTIVE"))))
                .andExpect(status().isForbidden());
        TestAccounts.Account staff = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR));
        mvc.perform(put("/api/v1/employees/" + staff.id()).header("Authorization", admin)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("displayName", "Auditor",
                        "roles", List.of("AUDITOR", "PARTNER"), "status", "ACTIVE"))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("partner-role-on-staff-account"));
        mvc.perform(post("/api/v1/employees").header("Authorization", admin).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("username", "x" + staff.username().substring(1), "displayName", "New",
                        "roles", List.of("PARTNER")))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("partner-role-on-staff-account"));
        assertThat(jdbc.sql("select count(*) from employee_role where employee_id = ? and role = 'PARTNER'")
                .param(staff.id()).query(Long.class).single()).isZero();
    }

    @Test
    void aPartnerUserIsKeptOutOfStaffApisAndOtherPartners() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        UUID other = PartnerFixture.createPartner(mvc, officerToken, "Other Freight " + UUID.randomUUID(), officer.id());
        String token = Api.token(mvc, agent, clock.instant());
        mvc.perform(get("/api/v1/partners/" + other).header("Authorization", token)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/partners/" + UUID.randomUUID()).header("Authorization", token))
                .andExpect(status().isNotFound());
        for (String staffApi : List.of("/api/v1/partners", "/api/v1/customers", "/api/v1/employees",
                "/api/v1/purposes", "/api/v1/catalog/fields", "/api/v1/audit/events", "/api/v1/training/documents",
                "/api/v1/partners/" + partnerId + "/users", "/api/v1/partners/" + partnerId + "/ndas")) {
            mvc.perform(get(staffApi).header("Authorization", token)).andExpect(status().isForbidden());
        }
        mvc.perform(post("/api/v1/partners").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(PartnerFixture.partnerBody("Self Made", officer.id()))))
                .andExpect(status().isForbidden());
    }

    @Test
    void aPartnerUserOfAnInactivePartnerLosesAccessAndCannotSignIn() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        String token = Api.token(mvc, agent, clock.instant());
        Map<String, Object> body = PartnerFixture.partnerBody("Closed Freight", officer.id());
        body.put("active", false);
        body.put("version", 0);
        mvc.perform(put("/api/v1/partners/" + partnerId).header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header("Authorization", token)).andExpect(status().isUnauthorized());
        assertThat(Api.tokenRequest(mvc, agent.username(), TestAccounts.PASSWORD, null).getResponse().getStatus())
                .isEqualTo(401);
        mvc.perform(post("/api/v1/partners/" + partnerId + "/users").header("Authorization", officerToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("username", "late.agent"
                        + agent.username().substring(1, 4), "displayName", "Late"))))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("partner-inactive"));
    }

    @Test
    void theNdaInForceMustBeAcceptedAndANewVersionAcceptedAgain() throws Exception {
        TestAccounts.Account agent = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, partnerId,
                clock.instant());
        String token = Api.token(mvc, agent, clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), SHANGHAI);
        mvc.perform(get("/api/v1/partner/nda").header("Authorization", token)).andExpect(status().isOk())
                .andExpect(jsonPath("$.inForce").doesNotExist());
        UUID first = PartnerFixture.fileNda(mvc, officerToken, partnerId, "2026-1", today.minusDays(3),
                today.plusYears(1));
        assertThat(partners.ndaAcceptedBy(agent.id(), clock.instant())).isFalse();
        mvc.perform(post("/api/v1/partner/nda/acceptance").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("ndaId", first.toString()))))
                .andExpect(status().isOk());
        assertThat(partners.ndaAcceptedBy(agent.id(), clock.instant())).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.nda.accepted' and target_id = ?")
                .param(first.toString()).query(Long.class).single()).isEqualTo(1);
        // Another partner's user cannot accept on this partner's behalf.
        UUID other = PartnerFixture.createPartner(mvc, officerToken, "Other Agent " + UUID.randomUUID(), officer.id());
        TestAccounts.Account stranger = PartnerFixture.partnerUser(mvc, jdbc, passwords, officerToken, other,
                clock.instant());
        mvc.perform(post("/api/v1/partner/nda/acceptance").header("Authorization", Api.token(mvc, stranger,
                clock.instant())).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("ndaId", first.toString())))).andExpect(status().isConflict());

        clock.advance(Duration.ofDays(1));
        officerToken = Api.token(mvc, officer, clock.instant());
        UUID second = PartnerFixture.fileNda(mvc, officerToken, partnerId, "2026-2",
                LocalDate.ofInstant(clock.instant(), SHANGHAI), today.plusYears(2));
        assertThat(partners.ndaAcceptedBy(agent.id(), clock.instant())).isFalse();
        token = Api.token(mvc, agent, clock.instant());
        mvc.perform(post("/api/v1/partner/nda/acceptance").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("ndaId", first.toString()))))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("nda-not-in-force"));
        mvc.perform(post("/api/v1/partner/nda/acceptance").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("ndaId", second.toString()))))
                .andExpect(status().isOk());
        assertThat(partners.ndaAcceptedBy(agent.id(), clock.instant())).isTrue();
        // The partner's user reads their own agreement's file, not another partner's.
        mvc.perform(get("/api/v1/sharing/ndas/" + second + "/file").header("Authorization", token))
                .andExpect(status().isOk());
        assertThat(partners.ndaAcceptedBy(officer.id(), clock.instant())).isFalse();
    }
}
