package io.custos.shared;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import org.hamcrest.Matchers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-IT-1, R-X-5: CSRF on pages, security headers everywhere, a health check that says nothing more. */
@IntegrationTest
class WebSecurityTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/login").param("username", "x").param("password", "y")).andExpect(status().isForbidden());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf())
                .param("username", someone.username()).param("password", TestAccounts.PASSWORD));
        mvc.perform(post("/account/password").session(session).param("currentPassword", TestAccounts.PASSWORD)
                .param("newPassword", "Other#Pass2026").param("confirmPassword", "Other#Pass2026"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/account/password").session(session).with(csrf().useInvalidToken())
                .param("currentPassword", TestAccounts.PASSWORD)
                .param("newPassword", "Other#Pass2026").param("confirmPassword", "Other#Pass2026"))
                .andExpect(status().isForbidden());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/api/v1/me", "/actuator/health", "/no-such-page", "/webjars/bootstrap/css/bootstrap.min.css",
            "/api/v1/nothing"})
    void everyResponseCarriesTheSecurityHeaders(String path) throws Exception {
        expectHeaders(mvc.perform(get(path).accept(MediaType.TEXT_HTML, MediaType.ALL)));
    }

    @Test
    void theTokenEndpointCarriesTheSecurityHeadersToo() throws Exception {
        expectHeaders(mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{}")));
    }

    @Test
    void healthShowsTheStatusOnly() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist())
                .andExpect(jsonPath("$.details").doesNotExist());
    }

    @Test
    void metricsNeedAnOperator() throws Exception {
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
        TestAccounts.Account employee = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        mvc.perform(get("/actuator/metrics").header("Authorization", io.custos.support.Api.token(mvc, employee, clock.instant())))
                .andExpect(status().isForbidden());
        TestAccounts.Account security = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        mvc.perform(get("/actuator/metrics").header("Authorization", io.custos.support.Api.token(mvc, security, clock.instant())))
                .andExpect(status().isOk());
    }

    @Test
    void problemTypesAreDocumentedPages() throws Exception {
        mvc.perform(get("/problems/separation-of-duties").header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("三员分立")));
        mvc.perform(get("/problems/not-a-real-code").accept(MediaType.TEXT_HTML)).andExpect(status().isNotFound());
    }

    @Test
    void pagesFollowTheBrowserLanguageAndTheSwitch() throws Exception {
        mvc.perform(get("/login").header("Accept-Language", "zh-CN,zh;q=0.9"))
                .andExpect(content().string(Matchers.containsString("登录 Custos")));
        mvc.perform(get("/login").header("Accept-Language", "zh-TW"))
                .andExpect(content().string(Matchers.containsString("登录 Custos")));
        mvc.perform(get("/login").header("Accept-Language", "de-DE"))
                .andExpect(content().string(Matchers.containsString("Sign in to Custos")))
                .andExpect(content().string(Matchers.containsString(
                        "After 5 failed attempts within 15 minutes an account is locked for 30 minutes.")));
        mvc.perform(get("/login").param("lang", "zh-CN").header("Accept-Language", "en"))
                .andExpect(content().string(Matchers.containsString("登录 Custos")))
                .andExpect(header().string("Set-Cookie", Matchers.containsString("custos-lang=")));
    }

    private static void expectHeaders(ResultActions result) throws Exception {
        result.andExpect(header().string("Content-Security-Policy", Matchers.containsString("default-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
    }
}
