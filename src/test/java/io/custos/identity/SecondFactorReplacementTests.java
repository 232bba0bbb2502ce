package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 24.6 (R-X-2, R-IT-1): replacing an authenticator through the API, for a token that was
 * issued after a second factor, and only with a code of the current authenticator as well.
 */
@IntegrationTest
class SecondFactorReplacementTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired MyAccount myAccount;
    @Autowired JdbcClient jdbc;

    @Test
    void aTokenWithASecondFactorReplacesTheAuthenticatorWithBothCodes() throws Exception {
        String oldSecret = TestAccounts.newSecret();
        TestAccounts.Account auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), oldSecret, false);
        String token = Api.token(mvc, auditor, clock.instant());
        String other = Api.token(mvc, auditor, clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(60));

        assertThat(body(mvc.perform(get("/api/v1/account/second-factor").header("Authorization", token)).andReturn()))
                .containsEntry("enabled", true).containsEntry("replacementPending", false);
        MvcResult started = mvc.perform(post("/api/v1/account/second-factor/replacement").header("Authorization", token))
                .andReturn();
        assertThat(started.getResponse().getStatus()).isEqualTo(201);
        assertThat(started.getResponse().getHeader("Cache-Control")).contains("no-store");
        String newSecret = (String) body(started).get("secret");
        assertThat(body(started).get("provisioningUri").toString()).contains("secret=" + newSecret);
        assertThat(body(mvc.perform(get("/api/v1/account/second-factor").header("Authorization", token)).andReturn()))
                .containsEntry("replacementPending", true);

        // Until confirmed, the current authenticator is the one that signs in.
        assertThat(tokenRequest(mvc, auditor.username(), TestAccounts.PASSWORD,
                TestAccounts.totp(oldSecret, clock.instant())).getResponse().getStatus()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(30));

        assertThat(confirm(token, TestAccounts.totp(oldSecret, clock.instant()),
                TestAccounts.totp(newSecret, clock.instant())).getResponse().getStatus()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tokenRequest(mvc, auditor.username(), TestAccounts.PASSWORD,
                TestAccounts.totp(oldSecret, clock.instant())).getResponse().getStatus()).as("the old phone").isEqualTo(401);
        assertThat(tokenRequest(mvc, auditor.username(), TestAccounts.PASSWORD,
                TestAccounts.totp(newSecret, clock.instant())).getResponse().getStatus()).isEqualTo(201);
        assertThat(mvc.perform(get("/api/v1/me").header("Authorization", token)).andReturn().getResponse().getStatus())
                .as("the token of the change stays").isEqualTo(200);
        assertThat(mvc.perform(get("/api/v1/me").header("Authorization", other)).andReturn().getResponse().getStatus())
                .as("every other token ends").isEqualTo(401);
        assertThat(audited(auditor, "identity.second-factor.replaced", "ALLOWED")).isEqualTo(1);
    }

    @Test
    void aTokenIssuedWithThePasswordAloneMayNotReplaceIt() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String passwordOnly = Api.token(mvc, employee, clock.instant());
        // The person enrols in the pages later; the older token still knows only the password.
        CustosUser me = new CustosUser(employee.id(), employee.username(), "x", null, Set.of(Role.EMPLOYEE),
                EmployeeStatus.ACTIVE);
        MyAccount.Enrolment enrolment = myAccount.startSecondFactorEnrolment(me);
        myAccount.confirmSecondFactor(me, TestAccounts.totp(enrolment.secret(), clock.instant()));

        MvcResult refused = mvc.perform(post("/api/v1/account/second-factor/replacement")
                .header("Authorization", passwordOnly)).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(refused)).containsEntry("code", "second-factor-sign-in-required");
        assertThat(confirm(passwordOnly, "000000", "000000").getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(delete("/api/v1/account/second-factor/replacement").header("Authorization", passwordOnly))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(audited(employee, "identity.second-factor.replaced", "DENIED")).isEqualTo(3);
    }

    @Test
    void wrongCodesCountTowardTheLockoutWhichEndsTheToken() throws Exception {
        String oldSecret = TestAccounts.newSecret();
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN), oldSecret, false);
        String token = Api.token(mvc, admin, clock.instant());
        clock.advance(Duration.ofSeconds(30));
        String newSecret = (String) body(mvc.perform(post("/api/v1/account/second-factor/replacement")
                .header("Authorization", token)).andReturn()).get("secret");

        MvcResult wrongCurrent = confirm(token, "000000", TestAccounts.totp(newSecret, clock.instant()));
        assertThat(wrongCurrent.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(wrongCurrent)).containsEntry("code", "second-factor-current-code-wrong");
        MvcResult wrongNew = confirm(token, TestAccounts.totp(oldSecret, clock.instant()), "000000");
        assertThat(body(wrongNew)).containsEntry("code", "second-factor-code-wrong");
        // The current code of that attempt is spent: replaying it is as wrong as guessing.
        assertThat(body(confirm(token, TestAccounts.totp(oldSecret, clock.instant()),
                TestAccounts.totp(newSecret, clock.instant())))).containsEntry("code", "second-factor-current-code-wrong");
        for (int i = 0; i < 2; i++) {
            confirm(token, "111111", "111111");
        }
        assertThat(audited(admin, "identity.account.locked", "ALLOWED")).isEqualTo(1);
        MvcResult locked = confirm(token, "222222", "222222");
        assertThat(locked.getResponse().getStatus()).as("the lock ends the token").isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from employee where id = ? and totp_pending_secret is not null")
                .param(admin.id()).query(Integer.class).single()).as("nothing replaced").isEqualTo(1);
    }

    @Test
    void theFirstAuthenticatorIsEnrolledInThePagesNotHere() throws Exception {
        String secret = TestAccounts.newSecret();
        TestAccounts.Account auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), secret, false);
        String token = Api.token(mvc, auditor, clock.instant());
        assertThat(body(confirm(token, "123456", "123456"))).containsEntry("code", "second-factor-replacement-not-started");
        mvc.perform(post("/api/v1/account/second-factor/replacement").header("Authorization", token));
        assertThat(mvc.perform(delete("/api/v1/account/second-factor/replacement").header("Authorization", token))
                .andReturn().getResponse().getStatus()).isEqualTo(204);
        assertThat(body(mvc.perform(get("/api/v1/account/second-factor").header("Authorization", token)).andReturn()))
                .containsEntry("replacementPending", false);
        MvcResult blank = mvc.perform(post("/api/v1/account/second-factor/replacement/confirm")
                .header("Authorization", token).contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn();
        assertThat(blank.getResponse().getStatus()).isEqualTo(422);
    }

    private MvcResult confirm(String token, String currentCode, String code) throws Exception {
        return mvc.perform(post("/api/v1/account/second-factor/replacement/confirm").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(json(Map.of("currentCode", currentCode, "code", code))))
                .andReturn();
    }

    private int audited(TestAccounts.Account account, String action, String outcome) {
        return jdbc.sql("select count(*) from audit_event where action = ? and outcome = ? and target_id = ?")
                .params(action, outcome, account.id().toString()).query(Integer.class).single();
    }
}
