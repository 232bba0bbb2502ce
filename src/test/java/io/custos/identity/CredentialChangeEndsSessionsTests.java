package io.custos.identity;

import static io.custos.support.Api.json;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 13.6 (R-IT-1): a password change ends the person's other sessions and tokens, keeping the
 * one it was made in; an administrator's reset ends all of them.
 */
@IntegrationTest
class CredentialChangeEndsSessionsTests {

    static final String NEW_PASSWORD = "Brand#New2026pw";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    @Test
    void changingMyPasswordInThePageEndsMyTokensAndOtherSessionsButNotThisOne() throws Exception {
        TestAccounts.Account me = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String stolenToken = Api.token(mvc, me, clock.instant());
        MockHttpSession other = Pages.signIn(mvc, me, clock.instant());
        MockHttpSession current = Pages.signIn(mvc, me, clock.instant());

        mvc.perform(post("/account/password").session(current).with(csrf())
                        .param("currentPassword", TestAccounts.PASSWORD).param("newPassword", NEW_PASSWORD)
                        .param("confirmPassword", NEW_PASSWORD))
                .andExpect(redirectedUrl("/"));

        mvc.perform(get("/api/v1/me").header("Authorization", stolenToken)).andExpect(status().isUnauthorized());
        mvc.perform(get("/").session(other)).andExpect(redirectedUrl("/login?expired"));
        mvc.perform(get("/").session(current)).andExpect(status().isOk());
    }

    @Test
    void changingMyPasswordThroughTheApiKeepsOnlyThatToken() throws Exception {
        TestAccounts.Account me = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String otherToken = Api.token(mvc, me, clock.instant());
        MockHttpSession session = Pages.signIn(mvc, me, clock.instant());
        String token = Api.token(mvc, me, clock.instant());

        mvc.perform(post("/api/v1/account/password").header("Authorization", token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("currentPassword", TestAccounts.PASSWORD, "newPassword", NEW_PASSWORD))))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/me").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header("Authorization", otherToken)).andExpect(status().isUnauthorized());
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void anAdministratorsResetEndsEveryWebSessionOfThePerson() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        String adminToken = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = Pages.signIn(mvc, someone, clock.instant());
        mvc.perform(get("/").session(session)).andExpect(status().isOk());

        mvc.perform(post("/api/v1/employees/" + someone.id() + "/password-reset").header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON).content(json(Map.of("reason", "Forgot the password"))))
                .andExpect(status().isOk());

        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void aSecondFactorResetEndsEveryWebSessionOfThePerson() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN),
                TestAccounts.newSecret(), false);
        String adminToken = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE), TestAccounts.newSecret(),
                false);
        MockHttpSession session = Pages.signIn(mvc, someone, clock.instant());
        mvc.perform(get("/").session(session)).andExpect(status().isOk());

        mvc.perform(post("/api/v1/employees/" + someone.id() + "/second-factor-reset").header("Authorization", adminToken)
                        .contentType(MediaType.APPLICATION_JSON).content(json(Map.of("reason", "Lost the phone"))))
                .andExpect(status().isNoContent());

        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login?expired"));
    }
}
