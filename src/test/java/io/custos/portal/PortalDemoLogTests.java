package io.custos.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.LogLines;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The demo has no mail server: there, and only there, the sign-in link is written to the log
 * (R-CUS-1), and it works. That no other profile logs one is {@link PortalSignInTests}.
 */
@IntegrationTest
@ActiveProfiles("demo")
class PortalDemoLogTests {

    private static final Pattern LOGGED = Pattern.compile(
            "Portal sign-in link for the demo customer: http://localhost:8080/portal/sign-in/link\\?token=([A-Za-z0-9_-]{43})");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired SignInThrottle throttle;

    @Test
    @DisplayName("R-CUS-1: in the demo profile the e-mail link is logged at INFO and signs in")
    void theDemoLogsTheLink() throws Exception {
        throttle.reset();
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(),
                accounts.customerDepartment("PD" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        String email = PortalFixture.newEmail();
        PortalFixture.customer(mvc, Api.token(mvc, owner, clock.instant()), "演示门户客户", email, PortalFixture.newPhone());

        String token;
        try (LogLines log = LogLines.of(DemoSignInLog.class)) {
            assertThat(PortalFixture.ask(mvc, email, PortalFixture.client()).getRedirectedUrl())
                    .isEqualTo("/portal/sign-in/sent");
            token = log.await(LOGGED, Duration.ofSeconds(5));
        }
        assertThat(PortalFixture.use(mvc, new MockHttpSession(), token, PortalFixture.client()).getRedirectedUrl())
                .isEqualTo("/portal");
    }
}
