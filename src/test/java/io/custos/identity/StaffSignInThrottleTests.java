package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.tokenRequestFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.shared.Throttles;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 24.3 (R-IT-1): staff sign-in, page and token API, is throttled per client address, per
 * address and name, and per name, before any password is checked; a throttled try does not count
 * toward the lockout, so a stranger's address cannot lock a known name.
 */
@IntegrationTest
class StaffSignInThrottleTests {

    private static final String WRONG = "Wrong#Pass1";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Throttles throttles;

    @BeforeEach
    void fullLimits() {
        throttles.resetAll();
    }

    @Test
    void theTokenApiAnswersTheFourthTryFromOneAddressOnOneName429WithRetryAfter() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        for (int i = 0; i < 3; i++) {
            assertThat(tokenRequestFrom(mvc, "203.0.113.10", someone.username(), WRONG, null).getResponse().getStatus())
                    .isEqualTo(401);
        }
        MvcResult throttled = tokenRequestFrom(mvc, "203.0.113.10", someone.username(), TestAccounts.PASSWORD, null);

        assertThat(throttled.getResponse().getStatus()).isEqualTo(429);
        long retryAfter = Long.parseLong(throttled.getResponse().getHeader(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 30L * 60);
        Map<String, Object> problem = body(throttled);
        assertThat(problem).containsEntry("code", "sign-in-throttled").containsEntry("status", 429)
                .containsEntry("title", "Too many sign-in attempts");
        assertThat(String.valueOf(problem.get("type"))).endsWith("sign-in-throttled");
        assertThat(String.valueOf(problem.get("detail"))).contains(String.valueOf(retryAfter)).doesNotContain("{0}");
        assertThat(deniedFor(someone, "wrong-password")).as("the throttled try checked no password").isEqualTo(3);

        // Another address is not held up by this one, and the account is not locked.
        assertThat(tokenRequestFrom(mvc, "203.0.113.11", someone.username(), TestAccounts.PASSWORD, null)
                .getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void aStrangerTryingAKnownNameFromOneAddressForTwoHoursNeverLocksIt() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        int checked = 0;
        int throttled = 0;
        for (int minute = 0; minute < 120; minute++) {
            int status = tokenRequestFrom(mvc, "203.0.113.20", someone.username(), WRONG, null).getResponse().getStatus();
            if (status == 429) {
                throttled++;
            } else {
                assertThat(status).isEqualTo(401);
                checked++;
            }
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttled).isGreaterThan(90);
        assertThat(checked).isBetween(3, 20);
        assertThat(eventIds(someone, "identity.account.locked")).isEmpty();
        assertThat(tokenRequestFrom(mvc, "203.0.113.21", someone.username(), TestAccounts.PASSWORD, null)
                .getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void oneAddressTryingManyNamesIsStoppedAfterTwentyFailures() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(tokenRequestFrom(mvc, "203.0.113.30", "ghost." + i, WRONG, null).getResponse().getStatus())
                    .isEqualTo(401);
        }
        assertThat(tokenRequestFrom(mvc, "203.0.113.30", "ghost.new", WRONG, null).getResponse().getStatus())
                .isEqualTo(429);
        assertThat(tokenRequestFrom(mvc, "203.0.113.31", "ghost.new", WRONG, null).getResponse().getStatus())
                .isEqualTo(401);
    }

    @Test
    void oneNameTriedFromManyAddressesIsStoppedAfterTen() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(tokenRequestFrom(mvc, "198.51.100." + i, "ghost.many", WRONG, null).getResponse().getStatus())
                    .isEqualTo(401);
        }
        assertThat(tokenRequestFrom(mvc, "198.51.100.99", "ghost.many", WRONG, null).getResponse().getStatus())
                .isEqualTo(429);
    }

    @Test
    void anOfficeBehindOneAddressSignsInAllDayBecauseSuccessesGiveTheirTryBack() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        // 15 typos (under the 20 per address) among 25 sign-ins: 40 tries, more than 20, all from one address.
        for (int i = 0; i < 25; i++) {
            if (i < 15) {
                tokenRequestFrom(mvc, "203.0.113.40", "typo." + i, WRONG, null);
            }
            assertThat(tokenRequestFrom(mvc, "203.0.113.40", someone.username(), TestAccounts.PASSWORD, null)
                    .getResponse().getStatus()).isEqualTo(201);
        }
    }

    @Test
    void thePageAnswers429SaysWhenAndKeepsTheNameButNotThePassword() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/login").with(csrf()).with(from("203.0.113.50"))
                    .param("username", someone.username()).param("password", WRONG))
                    .andExpect(redirectedUrl("/login?error"));
        }
        MvcResult refused = mvc.perform(post("/login").with(csrf()).with(from("203.0.113.50"))
                .param("username", someone.username()).param("password", "Typed#Secret9")).andReturn();

        assertThat(refused.getResponse().getStatus()).isEqualTo(429);
        String retryAfter = refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER);
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 30L * 60);
        // MockMvc does not follow a forward: the forwarded request is sent as the container would.
        assertThat(refused.getResponse().getForwardedUrl()).isEqualTo(SignIn.THROTTLED_PAGE);
        Object seconds = refused.getRequest().getAttribute(SignIn.THROTTLED_SECONDS);
        assertThat(seconds).isEqualTo(Long.parseLong(retryAfter));

        MvcResult page = mvc.perform(post(SignIn.THROTTLED_PAGE).with(csrf()).with(forwarded(seconds))
                .param("username", someone.username()).param("password", "Typed#Secret9")).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(429);
        String html = page.getResponse().getContentAsString();
        assertThat(html).contains("id=\"login-throttled\"").contains("Try again in " + (((Long) seconds) + 59) / 60 + " minutes")
                .contains("value=\"" + someone.username() + "\"").doesNotContain("Typed#Secret9");

        MvcResult zh = mvc.perform(post(SignIn.THROTTLED_PAGE).with(csrf()).with(forwarded(seconds))
                .header("Accept-Language", "zh-CN").param("username", someone.username())).andReturn();
        assertThat(zh.getResponse().getContentAsString()).contains("分钟后再试");
        // Not reachable except by the sign-in's forward.
        assertThat(mvc.perform(post(SignIn.THROTTLED_PAGE).with(csrf()).param("username", "x")).andReturn()
                .getResponse().getStatus()).isNotEqualTo(429);
        assertThat(deniedFor(someone, "wrong-password")).isEqualTo(3);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor forwarded(Object seconds) {
        return request -> {
            request.setDispatcherType(jakarta.servlet.DispatcherType.FORWARD);
            request.setAttribute(SignIn.THROTTLED_SECONDS, seconds);
            return request;
        };
    }

    @Test
    void aFloodOfThrottledTriesIsAuditedOncePerPeriodAsAnonymous() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        for (int i = 0; i < 3; i++) {
            tokenRequestFrom(mvc, "203.0.113.60", someone.username(), WRONG, null);
        }
        for (int i = 0; i < 15; i++) {
            assertThat(tokenRequestFrom(mvc, "203.0.113.60", someone.username(), WRONG, null).getResponse().getStatus())
                    .isEqualTo(429);
        }
        assertThat(deniedFor(someone, "throttled")).isEqualTo(1);
        assertThat(jdbc.sql("""
                select actor_type from audit_event where action = 'identity.sign-in' and target_id = ?
                and details like '%throttled%'""").param(someone.id().toString()).query(String.class).single())
                .isEqualTo("ANONYMOUS");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private long deniedFor(TestAccounts.Account someone, String reason) {
        return jdbc.sql("""
                select count(*) from audit_event where action = 'identity.sign-in' and outcome = 'DENIED'
                and target_id = ? and details like ?""").params(someone.id().toString(), "%" + reason + "%")
                .query(Long.class).single();
    }

    private java.util.List<Long> eventIds(TestAccounts.Account someone, String action) {
        return jdbc.sql("select id from audit_event where action = ? and target_id = ? order by id")
                .params(action, someone.id().toString()).query(Long.class).list();
    }
}
