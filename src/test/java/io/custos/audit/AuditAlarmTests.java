package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.RecordingMail;
import io.custos.support.TestAccounts;

/**
 * Issue 13.10: a broken chain found at start turns health down (status only for anonymous callers),
 * puts a task on the security administrators' and auditors' home page, and mails the security
 * administrators; a verification that finds the log whole again clears it.
 */
@IntegrationTest
@Import(RecordingMail.class)
// The recording mail sender has no server behind it: its own health check would hide the audit's.
@TestPropertySource(properties = "management.health.mail.enabled=false")
class AuditAlarmTests {

    @Autowired ApplicationContext context;
    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired RecordingMail mail;
    @Autowired AuditIntegrity integrity;
    @Autowired AuditAlarm alarm;

    @TempDir Path directory;

    TestChain chain;

    @AfterEach
    void removeTheBrokenChain() {
        if (chain != null) {
            chain.remove();
        }
        alarm.clear();
    }

    @Test
    void aChainBrokenWhileStoppedIsReportedByHealthTheHomePageAndMail() throws Exception {
        TestAccounts.Account security = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        jdbc.sql("update employee set email = ? where id = ?").params(security.username() + "@example.com",
                security.id()).update();
        assertThat(health().getResponse().getStatus()).isEqualTo(200);
        chain = new TestChain(context, directory, 10);
        chain.record(12);
        chain.seal();
        chain.checkpoint();
        jdbc.sql("delete from audit_event where chain = ? and seq = 5").param(chain.name).update();

        assertThat(integrity.checkAndAlarm()).as("the check run at every start").isFalse();

        MvcResult health = health();
        assertThat(health.getResponse().getStatus()).isEqualTo(503);
        assertThat(health.getResponse().getContentAsString()).contains("DOWN").doesNotContain("auditChain", "GAP",
                chain.name, "components");
        assertThat(page(signIn(security))).contains("/audit/verify", "The audit log needs your attention");
        MockHttpSession employee = signIn(accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)));
        assertThat(page(employee)).doesNotContain("The audit log needs your attention");
        SimpleMailMessage sent = mail.await(security.username() + "@example.com", "Audit log alarm");
        assertThat(sent.getText()).contains("/audit/verify").doesNotContain(chain.name);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'audit.alarm.raised' and details like ?")
                .param("%CHAIN_BROKEN%").query(Long.class).single()).isPositive();
    }

    @Test
    void aVerificationThatFindsTheLogWholeAgainClearsTheAlarm() throws Exception {
        alarm.raise(AuditAlarmRaised.Reason.CHAIN_BROKEN, "node-1",
                AuditEvent.of(AuditCategory.SECURITY, "audit.alarm.raised", AuditOutcome.FAILED));
        assertThat(health().getResponse().getStatus()).isEqualTo(503);

        MockHttpSession auditor = signIn(accounts.create(clock.instant(), Set.of(Role.AUDITOR),
                TestAccounts.newSecret(), false));
        mvc.perform(post("/audit/verify").with(csrf()).session(auditor)).andReturn();

        assertThat(health().getResponse().getStatus()).isEqualTo(200);
    }

    private MvcResult health() throws Exception {
        return mvc.perform(get("/actuator/health")).andReturn();
    }

    private String page(MockHttpSession session) throws Exception {
        MvcResult result = mvc.perform(get("/").session(session)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        MockHttpSession session = new MockHttpSession();
        var login = post("/login").session(session).with(csrf()).param("username", account.username())
                .param("password", TestAccounts.PASSWORD);
        if (account.totpSecret() != null) {
            login.param("otp", TestAccounts.totp(account.totpSecret(), clock.instant()));
        }
        mvc.perform(login).andExpect(redirectedUrl("/"));
        return session;
    }
}
