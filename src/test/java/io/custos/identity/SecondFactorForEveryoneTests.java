package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 24.7: with {@code custos.security.require-second-factor-for-all} (MLPS 2.0 level 3) every
 * account, not only the privileged roles, enrols a second factor before anything else. The
 * default (off) is what every other test runs with: SecondFactorTests shows an employee signing in
 * without one.
 */
@IntegrationTest
@TestPropertySource(properties = "custos.security.require-second-factor-for-all=true")
class SecondFactorForEveryoneTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    @Test
    void anOrdinaryEmployeeGetsNoTokenBeforeEnrolling() throws Exception {
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        var result = tokenRequest(mvc, employee.username(), TestAccounts.PASSWORD, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(result)).containsEntry("code", "second-factor-enrolment-required");
    }

    @Test
    void anOrdinaryEmployeesPagesLeadToEnrolmentThenOpen() throws Exception {
        TestAccounts.Account sales = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf())
                .param("username", sales.username()).param("password", TestAccounts.PASSWORD));
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/account/second-factor"));
        var page = mvc.perform(get("/account/second-factor").session(session)).andExpect(status().isOk()).andReturn();
        MyAccount.Enrolment enrolment = (MyAccount.Enrolment) page.getModelAndView().getModel().get("enrolment");
        mvc.perform(post("/account/second-factor").session(session).with(csrf())
                        .param("code", TestAccounts.totp(enrolment.secret(), clock.instant())))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
    }
}
