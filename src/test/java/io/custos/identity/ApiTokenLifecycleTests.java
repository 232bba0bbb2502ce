package io.custos.identity;

import static io.custos.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-IT-1: bearer tokens are stored hashed, expire, and can be revoked. */
@IntegrationTest
class ApiTokenLifecycleTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    @Test
    void aTokenAuthenticatesItsOwner() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(get("/api/v1/me").header("Authorization", bearer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.account.username").value(someone.username()));
    }

    @Test
    void onlyTheHashOfATokenIsStored() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String token = Api.token(mvc, someone, clock.instant()).substring("Bearer ".length());
        List<String> stored = jdbc.sql("select token_hash from api_token where employee_id = ?").param(someone.id())
                .query(String.class).list();
        assertThat(stored).containsExactly(ApiTokenStore.hash(token));
        assertThat(stored.get(0)).doesNotContain(token.substring(4, 20));
    }

    @Test
    void aTokenExpiresAfterEightHours() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer)).andExpect(status().isOk());
        clock.advance(Duration.ofSeconds(2));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("token-invalid"));
    }

    @Test
    void aRevokedTokenStopsWorking() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(delete("/api/v1/auth/token").header("Authorization", bearer)).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/me").header("Authorization", bearer)).andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/v1/auth/token").header("Authorization", bearer)).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenDiesWithItsOwnersDeparture() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(someone.id()).update();
        mvc.perform(get("/api/v1/me").header("Authorization", bearer)).andExpect(status().isUnauthorized());
    }

    @Test
    void aMadeUpTokenIsRefused() throws Exception {
        var result = mvc.perform(get("/api/v1/me").header("Authorization", "Bearer cst_made-up"))
                .andExpect(status().isUnauthorized()).andReturn();
        assertThat(body(result)).containsEntry("code", "token-invalid");
        mvc.perform(get("/api/v1/me")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
    }

    @Test
    void roleChangesApplyToLiveTokensAtOnce() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String bearer = Api.token(mvc, someone, clock.instant());
        mvc.perform(get("/api/v1/me").header("Authorization", bearer))
                .andExpect(jsonPath("$.account.roles[0]").value("EMPLOYEE"));
        jdbc.sql("update employee_role set role = 'DEPT_HEAD' where employee_id = ?").param(someone.id()).update();
        mvc.perform(get("/api/v1/me").header("Authorization", bearer))
                .andExpect(jsonPath("$.account.roles[0]").value("DEPT_HEAD"));
    }
}
