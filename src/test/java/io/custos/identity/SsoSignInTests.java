package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import io.custos.support.Api;
import io.custos.support.TestAccounts;

/**
 * Issue 24.1 (R-IT-1), end to end: a real OpenID provider (mock-oauth2-server) in the test, Custos
 * on a real port, and a browser that follows the redirects between them. Matching by username,
 * local passwords disabled for linked accounts, provisioning off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestAccounts.class)
class SsoSignInTests {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start();
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("custos.sso.enabled", () -> "true");
        registry.add("custos.sso.provider-name", () -> "Corp ID");
        registry.add("custos.sso.issuer-uri", () -> PROVIDER.issuerUrl(SsoBrowser.ISSUER_ID).toString());
        registry.add("custos.sso.client-id", () -> SsoBrowser.CLIENT_ID);
        registry.add("custos.sso.client-secret", () -> "test-secret");
        registry.add("custos.sso.second-factor-amr", () -> "mfa,hwk");
        registry.add("custos.sso.disable-local-passwords", () -> "true");
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
    void theSignInPageOffersTheProviderInBothLanguages() throws Exception {
        SsoBrowser browser = new SsoBrowser(port);
        assertThat(browser.get("/login").body()).contains("Sign in with Corp ID", "/oauth2/authorization/custos");
        HttpResponse<String> chinese = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/login")).header("Accept-Language", "zh-CN").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chinese.body()).contains("使用 Corp ID 登录");
    }

    @Test
    void matchesByUsernameOnceThenBySubjectAndTheSessionIsAFormSignIns() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        String subject = SsoBrowser.newSubject();
        long accepted = audited(someone.id(), "ALLOWED", "sso");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, subject, Map.of("preferred_username", someone.username()));
        assertThat(browser.signIn()).isEqualTo("/");
        assertThat(browser.signedInAs(someone.username())).isTrue();
        assertThat(jdbc.sql("select sso_subject from employee where id = ?").param(someone.id())
                .query(String.class).single()).isEqualTo(subject);
        assertThat(audited(someone.id(), "ALLOWED", "sso")).isEqualTo(accepted + 1);

        // Later: the subject finds the account, whatever the provider now calls the person.
        SsoBrowser later = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, subject, Map.of("preferred_username", "renamed-" + UUID.randomUUID()));
        assertThat(later.signIn()).isEqualTo("/");
        assertThat(later.signedInAs(someone.username())).isTrue();

        // A form sign-in's session: it ends with logout like any other.
        assertThat(later.post("/logout", "/account", Map.of()).headers().firstValue("Location").orElseThrow())
                .endsWith("/login?logout");
        assertThat(later.signedInAs(someone.username())).isFalse();
    }

    @Test
    void aPersonTheProviderKnowsButCustosDoesNotIsRefusedAuditedAndNotCreated() throws Exception {
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        long refused = anonymousRefusals("unknown-account");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", stranger,
                "groups", List.of("custos-sales")));
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.get("/login?sso=refused").body()).contains("Single sign-on did not sign you in");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);

        assertThat(anonymousRefusals("unknown-account")).isEqualTo(refused + 1);
        assertThat(jdbc.sql("select count(*) from employee where username = ?").param(stranger)
                .query(Long.class).single()).isZero();
        // Never the claim's value in the audit log.
        assertThat(jdbc.sql("select count(*) from audit_event where details like ?").param("%" + stranger + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        long refused = anonymousRefusals("invalid-id-token");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", someone.username(),
                "aud", List.of("another-application")), List.of("another-application"), 3600);
        // The provider puts the client in the ID token's audience itself; the claim overrides it.
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.signedInAs(someone.username())).isFalse();
        assertThat(anonymousRefusals("invalid-id-token")).isEqualTo(refused + 1);
        assertThat(linked(someone)).isNull();
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        long refused = anonymousRefusals("invalid-id-token");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", someone.username()),
                List.of(SsoBrowser.CLIENT_ID), -3600);
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.signedInAs(someone.username())).isFalse();
        assertThat(anonymousRefusals("invalid-id-token")).isEqualTo(refused + 1);
        assertThat(linked(someone)).isNull();
    }

    /** Abuse: a provider-side rename (or a second provider account) bearing a linked person's name. */
    @Test
    void anotherSubjectWithTheSameUsernameIsRefused() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        String owner = SsoBrowser.newSubject();
        SsoBrowser.nextToken(PROVIDER, owner, Map.of("preferred_username", someone.username()));
        assertThat(new SsoBrowser(port).signIn()).isEqualTo("/");
        long mismatches = audited(someone.id(), "DENIED", "subject-mismatch");

        SsoBrowser impostor = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", someone.username()));
        assertThat(impostor.signIn()).isEqualTo("/login?sso=refused");
        assertThat(impostor.signedInAs(someone.username())).isFalse();
        assertThat(audited(someone.id(), "DENIED", "subject-mismatch")).isEqualTo(mismatches + 1);
        assertThat(linked(someone)).isEqualTo(owner);
    }

    @Test
    void aPrivilegedRoleWithoutTheProvidersSecondFactorTypesTheCustosCodeFirst() throws Exception {
        String secret = TestAccounts.newSecret();
        TestAccounts.Account manager = accounts.create(Instant.now(), Set.of(Role.MANAGEMENT), secret, false);
        String subject = SsoBrowser.newSubject();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, subject, Map.of("preferred_username", manager.username(), "amr", List.of("pwd")));
        assertThat(browser.signIn()).isEqualTo(SsoSignIn.STEP_UP_PAGE);
        // Until the code: no page but the code page; not linked yet either.
        assertThat(browser.signedInAs(manager.username())).isFalse();
        assertThat(browser.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(linked(manager)).isNull();

        HttpResponse<String> wrong = browser.post(SsoSignIn.STEP_UP_PAGE, SsoSignIn.STEP_UP_PAGE, Map.of("otp", "000000"));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("The code is not correct");
        assertThat(browser.signedInAs(manager.username())).isFalse();

        HttpResponse<String> right = browser.post(SsoSignIn.STEP_UP_PAGE, SsoSignIn.STEP_UP_PAGE,
                Map.of("otp", TestAccounts.totp(secret, Instant.now())));
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(browser.signedInAs(manager.username())).isTrue();
        assertThat(linked(manager)).isEqualTo(subject);
    }

    @Test
    void aPrivilegedRoleWithAConfiguredAmrIsInOnceLinked() throws Exception {
        String secret = TestAccounts.newSecret();
        TestAccounts.Account manager = accounts.create(Instant.now(), Set.of(Role.MANAGEMENT), secret, false);
        String subject = SsoBrowser.newSubject();
        jdbc.sql("update employee set sso_issuer = ?, sso_subject = ? where id = ?")
                .params(PROVIDER.issuerUrl(SsoBrowser.ISSUER_ID).toString(), subject, manager.id()).update();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, subject, Map.of("preferred_username", manager.username(),
                "amr", List.of("pwd", "mfa")));
        assertThat(browser.signIn()).isEqualTo("/");
        assertThat(browser.signedInAs(manager.username())).isTrue();
    }

    /** No password was used: its age or a pending change does not hold a session signed in by the provider. */
    @Test
    void aPasswordChangeDueDoesNotHoldASessionSignedInByTheProvider() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE), null, true);
        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", someone.username()));
        assertThat(browser.signIn()).isEqualTo("/");
        assertThat(browser.get("/").headers().firstValue("Location")).isEmpty();
        assertThat(browser.get("/customers").headers().firstValue("Location").orElse(""))
                .doesNotContain("/account/password");
    }

    @Test
    void theProvidersSecondFactorStandsForEnrolmentOnceLinked() throws Exception {
        TestAccounts.Account manager = accounts.create(Instant.now(), Set.of(Role.MANAGEMENT));
        String subject = SsoBrowser.newSubject();
        jdbc.sql("update employee set sso_issuer = ?, sso_subject = ? where id = ?")
                .params(PROVIDER.issuerUrl(SsoBrowser.ISSUER_ID).toString(), subject, manager.id()).update();

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, subject, Map.of("amr", List.of("mfa")));
        assertThat(browser.signIn()).isEqualTo("/");
        assertThat(browser.get("/").headers().firstValue("Location")).isEmpty();
        assertThat(browser.get("/customers").headers().firstValue("Location").orElse(""))
                .doesNotContain("/account/second-factor");
    }

    /** Abuse: a provider account bearing an administrator's name, with the provider's own second factor. */
    @Test
    void theFirstLinkOfAPrivilegedAccountTakesTheCustosCodeWhateverTheProviderSays() throws Exception {
        TestAccounts.Account admin = accounts.create(Instant.now(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", admin.username(),
                "amr", List.of("mfa")));
        assertThat(browser.signIn()).isEqualTo(SsoSignIn.STEP_UP_PAGE);
        assertThat(browser.signedInAs(admin.username())).isFalse();
        assertThat(linked(admin)).isNull();
    }

    @Test
    void aPrivilegedRoleWithNoSecondFactorAnywhereIsRefusedWithItsOwnMessage() throws Exception {
        TestAccounts.Account manager = accounts.create(Instant.now(), Set.of(Role.MANAGEMENT));
        long refused = audited(manager.id(), "DENIED", "second-factor-missing");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", manager.username()));
        assertThat(browser.signIn()).isEqualTo("/login?sso=no-second-factor");
        assertThat(browser.get("/login?sso=no-second-factor").body()).contains("Your role needs a second factor");
        assertThat(audited(manager.id(), "DENIED", "second-factor-missing")).isEqualTo(refused + 1);
        assertThat(linked(manager)).isNull();
    }

    @Test
    void aLinkedAccountsPasswordNoLongerSignsInByFormOrToken() throws Exception {
        TestAccounts.Account someone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        assertThat(signIn.attempt(someone.username(), TestAccounts.PASSWORD, null, "192.0.2.7")).isInstanceOf(SignIn.Accepted.class);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", someone.username()));
        assertThat(new SsoBrowser(port).signIn()).isEqualTo("/");
        long disabled = audited(someone.id(), "DENIED", "password-disabled-sso");

        assertThat(signIn.attempt(someone.username(), TestAccounts.PASSWORD, null, "192.0.2.7")).isInstanceOf(SignIn.Refused.class);
        assertThat(audited(someone.id(), "DENIED", "password-disabled-sso")).isEqualTo(disabled + 1);
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Api.json(
                        Map.of("username", someone.username(), "password", TestAccounts.PASSWORD)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(audited(someone.id(), "DENIED", "password-disabled-sso")).isEqualTo(disabled + 2);
        SsoBrowser form = new SsoBrowser(port);
        HttpResponse<String> page = form.post("/login", "/login",
                Map.of("username", someone.username(), "password", TestAccounts.PASSWORD));
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        // At least: a failed form sign-in reaches SignIn twice today (the page chain's provider, then the
        // same provider again as the parent manager's), a matter of its own.
        assertThat(audited(someone.id(), "DENIED", "password-disabled-sso")).isGreaterThanOrEqualTo(disabled + 3);
        // Not counted towards a lock: the owner still signs in through the provider.
        assertThat(jdbc.sql("select failed_attempts from employee where id = ?").param(someone.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aDepartedAccountIsRefused() throws Exception {
        TestAccounts.Account gone = accounts.create(Instant.now(), Set.of(Role.EMPLOYEE));
        jdbc.sql("update employee set status = 'DEPARTED' where id = ?").param(gone.id()).update();
        long refused = audited(gone.id(), "DENIED", "account-departed");

        SsoBrowser browser = new SsoBrowser(port);
        SsoBrowser.nextToken(PROVIDER, SsoBrowser.newSubject(), Map.of("preferred_username", gone.username()));
        assertThat(browser.signIn()).isEqualTo("/login?sso=refused");
        assertThat(browser.signedInAs(gone.username())).isFalse();
        assertThat(audited(gone.id(), "DENIED", "account-departed")).isEqualTo(refused + 1);
    }

    @Test
    void aMappingToASeparatedDutyStopsTheStart() {
        for (Role duty : Role.SEPARATED_DUTIES) {
            assertThatThrownBy(() -> new SsoProperties.Provisioning(true, "groups", Map.of("it-admins", duty)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never given by a claim");
        }
        assertThatThrownBy(() -> new SsoProperties.Provisioning(true, "groups", Map.of("p", Role.PARTNER)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SsoProperties(true, "X", null, "id", null, List.of("openid"), "username",
                "preferred_username", "email", List.of(), List.of(), false,
                new SsoProperties.Provisioning(false, "groups", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuer-uri");
    }

    private String linked(TestAccounts.Account account) {
        return jdbc.sql("select sso_subject from employee where id = ?").param(account.id()).query(String.class)
                .optional().orElse(null);
    }

    private long audited(UUID employeeId, String outcome, String detail) {
        return jdbc.sql("""
                select count(*) from audit_event where action = 'identity.sign-in' and outcome = ?
                and target_id = ? and details like ? and details like '%sso%'""")
                .params(outcome, employeeId.toString(), "%" + detail + "%").query(Long.class).single();
    }

    private long anonymousRefusals(String reason) {
        return jdbc.sql("""
                select count(*) from audit_event where action = 'identity.sign-in' and outcome = 'DENIED'
                and target_id is null and details like ? and details like '%sso%'""")
                .param("%" + reason + "%").query(Long.class).single();
    }
}
