package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import io.custos.support.TestAccounts;

/**
 * Issue 24.1 (R-IT-1), the other configuration: matching by e-mail, and provisioning on with a
 * group mapping. Content roles from a claim wait for a second person; separated duties never come.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestAccounts.class)
class SsoProvisioningTests {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start();
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("custos.sso.enabled", () -> "true");
        registry.add("custos.sso.issuer-uri", () -> PROVIDER.issuerUrl(SsoBrowser.ISSUER_ID).toString());
        registry.add("custos.sso.client-id", () -> SsoBrowser.CLIENT_ID);
        registry.add("custos.sso.client-secret", () -> "test-secret");
        registry.add("custos.sso.match-by", () -> "email");
        registry.add("custos.sso.provisioning.enabled", () -> "true");
        registry.add("custos.sso.provisioning.roles.custos-sales", () -> "EMPLOYEE");
        registry.add("custos.sso.provisioning.roles.custos-heads", () -> "DEPT_HEAD");
    }

    @AfterAll
    static void stop() {
        PROVIDER.shutdown();
    }

    @LocalServerPort int port;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired SignIn signIn;

    @Test
    void matchesByEmailAndLeavesThePasswordUsable() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        String email = someone.username() + "@Example.COM";
        jdbc.sql("update employee set email = ? where id = ?").params(email.toLowerCase(), someone.id()).update();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("email", email, "email_verified", true,
                "preferred_username", "someone-else"));
        assertThat(browser.signIn()).isEqualTo("/");
        assertThat(browser.signedInAs(someone.username())).isTrue();
        // disable-local-passwords is off here: the Custos password still works.
        assertThat(signIn.attempt(someone.username(), TestAccounts.PASSWORD, null, "192.0.2.7")).isInstanceOf(SignIn.Accepted.class);
    }

    @Test
    void anUnverifiedEmailMatchesNobody() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        String email = someone.username() + "@example.com";
        jdbc.sql("update employee set email = ? where id = ?").params(email, someone.id()).update();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("email", email, "email_verified", false));
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.signedInAs(someone.username())).isFalse();
    }

    @Test
    void aNewPersonGetsAnAccountWhoseContentRolesWaitForApprovalAndNoSeparatedDuty() throws Exception {
        String username = "new-" + UUID.randomUUID().toString().substring(0, 8);
        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("email", username + "@example.com",
                "preferred_username", username, "name", "New Person",
                "groups", List.of("custos-sales", "it-admins", "SYSTEM_ADMIN", "AUDITOR")));
        assertThat(browser.signIn()).isEqualTo("/");

        UUID id = jdbc.sql("select id from employee where username = ?").param(username).query(UUID.class).single();
        assertThat(jdbc.sql("select role from employee_role where employee_id = ?").param(id).query(String.class).list())
                .isEmpty();
        assertThat(jdbc.sql("select roles from role_grant where employee_id = ? and status = 'PENDING'").param(id)
                .query(String.class).list()).containsExactly("EMPLOYEE");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.employee.created' and target_id = ?")
                .param(id.toString()).query(Long.class).single()).isEqualTo(1);
        assertThat(browser.signedInAs(username)).isTrue();
        // Its password was never shown to anyone, and it is not "must change" either.
        assertThat(signIn.attempt(username, TestAccounts.PASSWORD, null, "192.0.2.7")).isInstanceOf(SignIn.Refused.class);
    }

    @Test
    void aNewPersonWhoseUsernameIsTakenGetsNoAccount() throws Exception {
        TestAccounts.Account taken = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        long before = jdbc.sql("select count(*) from employee").query(Long.class).single();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("email", "other-" + UUID.randomUUID() + "@example.com",
                "preferred_username", taken.username(), "groups", List.of("custos-heads")));
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.signedInAs(taken.username())).isFalse();
        assertThat(jdbc.sql("select count(*) from employee").query(Long.class).single()).isEqualTo(before);
    }
}
