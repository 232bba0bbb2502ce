package io.custos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MockMvcSessions;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Passkeys on the server side (issue 24.2, R-IT-1): enrolment, password-less sign-in as a full
 * Custos sign-in, and the abuses an insider with someone's password, or a privileged person
 * wanting fewer checks, could try. A software passkey ({@link TestPasskey}) stands in for the
 * browser and authenticator.
 */
@IntegrationTest
class PasskeyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RP_ID = "localhost";
    private static final String ORIGIN = "http://localhost:8080";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Passkeys passkeys;
    @Autowired EmployeeManagement management;
    @Autowired SignIn signIn;
    @Autowired FindByIndexNameSessionRepository<? extends Session> sessions;

    @Test
    void aPasskeyAddedOnTheAccountPageSignsInAloneAsTheSamePersonWithTheirRoles() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        MockHttpSession page = Pages.signIn(mvc, someone, clock.instant());
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);

        assertThat(enrol(page, passkey, "Work laptop").getResponse().getStatus()).isEqualTo(200);
        assertThat(count("identity.passkey.enrolled", "ALLOWED", someone.id())).isEqualTo(1);
        assertThat(passkeys.list(user(someone))).extracting(Passkeys.Passkey::name).containsExactly("Work laptop");
        String accountPage = mvc.perform(get("/account").session(page)).andReturn().getResponse().getContentAsString();
        assertThat(accountPage).contains("Work laptop").contains("passkey-row");

        long signInsBefore = count("identity.sign-in", "ALLOWED", someone.id());
        MockHttpSession session = new MockHttpSession();
        MvcResult result = passkeySignIn(session, passkey, true);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString()).contains("\"authenticated\":true");

        Session stored = sessions.findById(MockMvcSessions.storedId(session));
        SecurityContext context = stored.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(context.getAuthentication().getPrincipal()).isInstanceOfSatisfying(CustosUser.class,
                user -> assertThat(user.id()).isEqualTo(someone.id()));
        assertThat(context.getAuthentication().getAuthorities()).extracting(Object::toString)
                .contains("ROLE_EMPLOYEE", "ROLE_DEPT_HEAD");
        assertThat((Object) stored.getAttribute(AccountRefreshFilter.AUTHENTICATED_AT)).isNotNull();
        assertThat((Object) stored.getAttribute(SignedInSessions.CREDENTIAL_VERSION)).isNotNull();
        assertThat((Object) stored.getAttribute(SignedInSessions.SECOND_FACTOR)).isEqualTo(true);
        assertThat(mvc.perform(get("/").session(session)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(count("identity.sign-in", "ALLOWED", someone.id())).isEqualTo(signInsBefore + 1);
        assertThat(latestDetails("identity.sign-in", someone.id())).contains("passkey");
        assertThat(passkeys.list(user(someone)).get(0).lastUsed()).isNotNull();
    }

    @Test
    void withAPasskeyThePasswordAloneNoLongerSignsIn() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        enrol(Pages.signIn(mvc, someone, clock.instant()), new TestPasskey(RP_ID, ORIGIN), "Phone");
        assertThat(Api.tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null).getResponse().getStatus())
                .isEqualTo(401);
        assertThat(latestDetails("identity.sign-in", someone.id())).contains("passkey-required");
    }

    @Test
    void aPasskeyWithoutUserVerificationDoesNotSignIn() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);
        enrol(Pages.signIn(mvc, someone, clock.instant()), passkey, "Key");
        assertThat(passkeySignIn(new MockHttpSession(), passkey, false).getResponse().getStatus()).isEqualTo(401);
        assertThat(latestDetails("identity.sign-in", someone.id())).contains("passkey-not-user-verified");
    }

    @Test
    void departedLockedAndUnknownPasskeysAreRefused() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);
        enrol(Pages.signIn(mvc, someone, clock.instant()), passkey, "Key");

        jdbc.sql("update employee set locked_until = ? where id = ?")
                .params(java.sql.Timestamp.from(clock.instant().plusSeconds(600)), someone.id()).update();
        assertThat(passkeySignIn(new MockHttpSession(), passkey, true).getResponse().getStatus()).isEqualTo(401);
        assertThat(latestDetails("identity.sign-in", someone.id())).contains("account-locked");

        jdbc.sql("update employee set locked_until = null, status = 'DEPARTED' where id = ?").param(someone.id()).update();
        assertThat(passkeySignIn(new MockHttpSession(), passkey, true).getResponse().getStatus()).isEqualTo(401);
        assertThat(latestDetails("identity.sign-in", someone.id())).contains("account-departed");

        long invalid = jdbc.sql("select count(*) from audit_event where action = 'identity.sign-in' "
                + "and details like '%passkey-invalid%'").query(Long.class).single();
        TestPasskey stranger = new TestPasskey(RP_ID, ORIGIN);
        assertThat(passkeySignIn(new MockHttpSession(), stranger, true).getResponse().getStatus()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.sign-in' "
                + "and details like '%passkey-invalid%'").query(Long.class).single()).isEqualTo(invalid + 1);
    }

    @Test
    void aPasskeyForAnotherSiteIsRefused() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession page = Pages.signIn(mvc, someone, clock.instant());
        TestPasskey phished = new TestPasskey(RP_ID, "http://custos.example.net");
        assertThat(enrol(page, phished, "Fake").getResponse().getStatus()).isEqualTo(422);
        assertThat(passkeys.list(user(someone))).isEmpty();
        assertThat(count("identity.passkey.enrolled", "DENIED", someone.id())).isEqualTo(1);
    }

    /** Abuse: a stolen password of an account that has a second factor must not add the thief's passkey. */
    @Test
    void aSessionWithoutTheSecondFactorCannotAddOrRemovePasskeysOnceOneExists() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession passwordOnly = Pages.signIn(mvc, someone, clock.instant());
        // The owner enrols an authenticator app elsewhere; this older password-only session lives on.
        jdbc.sql("update employee set totp_enabled = true where id = ?").param(someone.id()).update();

        var refused = mvc.perform(post("/account/passkeys/options").session(passwordOnly).with(csrf())).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(count("identity.passkey.enrolled", "DENIED", someone.id())).isEqualTo(1);
        assertThat(latestDetails("identity.passkey.enrolled", someone.id())).contains("session-without-second-factor");
        assertThat(passkeys.list(user(someone))).isEmpty();
    }

    @Test
    void aSessionSignedInWithTheCodeMayAddAPasskey() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false);
        MockHttpSession withCode = Pages.signIn(mvc, someone, clock.instant());
        assertThat(enrol(withCode, new TestPasskey(RP_ID, ORIGIN), "Laptop").getResponse().getStatus()).isEqualTo(200);
    }

    /** Abuse: a privileged person removing their only second factor to be rid of it. */
    @Test
    void thePrivilegedKeepTheirLastSecondFactorAndAPasskeyCountsAsOne() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN));
        MockHttpSession page = Pages.signIn(mvc, admin, clock.instant());
        assertThat(mvc.perform(get("/").session(page)).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/account/second-factor");
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);
        assertThat(enrol(page, passkey, "Laptop").getResponse().getStatus()).isEqualTo(200);
        assertThat(signIn.current(admin.id()).orElseThrow().pendingActions()).isEmpty();

        // The password session that added the first factor may not remove it...
        assertThat(remove(page, passkey.id()).getResponse().getStatus()).isEqualTo(403);
        // ...and a passkey session may not remove the last one either.
        MockHttpSession strong = new MockHttpSession();
        assertThat(passkeySignIn(strong, passkey, true).getResponse().getStatus()).isEqualTo(200);
        assertThat(remove(strong, passkey.id()).getResponse().getStatus()).isEqualTo(409);
        assertThat(count("identity.passkey.removed", "DENIED", admin.id())).isEqualTo(2);
        assertThat(passkeys.list(user(admin))).hasSize(1);

        TestPasskey second = new TestPasskey(RP_ID, ORIGIN);
        assertThat(enrol(strong, second, "Key").getResponse().getStatus()).isEqualTo(200);
        assertThat(remove(strong, passkey.id()).getResponse().getRedirectedUrl()).isEqualTo("/account");
        assertThat(count("identity.passkey.removed", "ALLOWED", admin.id())).isEqualTo(1);
        assertThat(passkeys.list(user(admin))).extracting(Passkeys.Passkey::name).containsExactly("Key");
    }

    @Test
    void anotherPersonsPasskeyIsNotFound() throws Exception {
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);
        enrol(Pages.signIn(mvc, owner, clock.instant()), passkey, "Mine");
        TestAccounts.Account other = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        assertThat(remove(Pages.signIn(mvc, other, clock.instant()), passkey.id()).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(passkeys.list(user(owner))).hasSize(1);
    }

    @Test
    void resettingTheSecondFactorRemovesThePasskeys() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        TestPasskey passkey = new TestPasskey(RP_ID, ORIGIN);
        enrol(Pages.signIn(mvc, someone, clock.instant()), passkey, "Lost phone");
        TestAccounts.Account adminAccount = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN));
        CustosUser admin = new CustosUser(adminAccount.id(), adminAccount.username(), "Admin", null,
                Set.of(Role.SYSTEM_ADMIN), EmployeeStatus.ACTIVE);
        SeedingAs.as(admin, () -> {
            management.resetSecondFactor(someone.id(), "Phone lost", admin);
            return null;
        });
        assertThat(passkeys.list(user(someone))).isEmpty();
        assertThat(count("identity.passkey.removed", "ALLOWED", someone.id())).isEqualTo(1);
        assertThat(passkeySignIn(new MockHttpSession(), passkey, true).getResponse().getStatus()).isEqualTo(401);
        assertThat(Api.tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null).getResponse().getStatus())
                .isEqualTo(201);
    }

    /** Abuse: Spring's own registration endpoints would add or delete passkeys unaudited and unguarded. */
    @Test
    void springsOwnRegistrationEndpointsAreClosed() throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MockHttpSession page = Pages.signIn(mvc, someone, clock.instant());
        assertThat(mvc.perform(post("/webauthn/register").session(page).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .delete("/webauthn/register/abc").session(page).with(csrf())).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    private MvcResult enrol(MockHttpSession session, TestPasskey passkey, String label) throws Exception {
        MvcResult options = mvc.perform(post("/account/passkeys/options").session(session).with(csrf())).andReturn();
        assertThat(options.getResponse().getStatus()).as(options.getResponse().getContentAsString()).isEqualTo(200);
        JsonNode json = JSON.readTree(options.getResponse().getContentAsString());
        String body = passkey.registration(json.get("challenge").asString(), json.get("user").get("id").asString(),
                label);
        return mvc.perform(post("/account/passkeys").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
    }

    private MvcResult passkeySignIn(MockHttpSession session, TestPasskey passkey, boolean userVerified)
            throws Exception {
        MvcResult options = mvc.perform(post("/webauthn/authenticate/options").session(session).with(csrf()))
                .andReturn();
        String challenge = JSON.readTree(options.getResponse().getContentAsString()).get("challenge").asString();
        return mvc.perform(post("/login/webauthn").session(session).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(passkey.assertion(challenge, userVerified))).andReturn();
    }

    private MvcResult remove(MockHttpSession session, String id) throws Exception {
        return mvc.perform(post("/account/passkeys/{id}/remove", id).session(session).with(csrf())).andReturn();
    }

    private long count(String action, String outcome, UUID target) {
        return jdbc.sql("select count(*) from audit_event where action = ? and outcome = ? and target_id = ?")
                .params(action, outcome, target.toString()).query(Long.class).single();
    }

    private String latestDetails(String action, UUID target) {
        List<String> details = jdbc.sql("select details from audit_event where action = ? and target_id = ? "
                + "order by id desc").params(action, target.toString()).query(String.class).list();
        return details.isEmpty() ? "" : details.get(0);
    }

    private static CustosUser user(TestAccounts.Account account) {
        return new CustosUser(account.id(), account.username(), "x", null, Set.of(Role.EMPLOYEE), EmployeeStatus.ACTIVE);
    }
}
