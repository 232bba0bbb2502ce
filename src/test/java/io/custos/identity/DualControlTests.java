package io.custos.identity;

import static io.custos.support.Api.body;
import static io.custos.support.Api.json;
import static io.custos.support.Api.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.shared.DomainException;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OneTimePasswords;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 24.4 (R-IT-1): dual control over privileged accounts, one-time passwords that expire after
 * 24 hours and reach their owner through a single-use link the administrator never reads.
 */
@IntegrationTest
class DualControlTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired Employees employees;
    @Autowired RoleGrants grants;
    @Autowired PrivilegedResets resets;
    @Autowired CredentialLinks links;

    private TestAccounts.Account privileged(Role role) {
        return accounts.create(clock.instant(), Set.of(role), TestAccounts.newSecret(), false);
    }

    private static CustosUser user(TestAccounts.Account account, Role role) {
        return new CustosUser(account.id(), account.username(), "x", null, Set.of(role), EmployeeStatus.ACTIVE);
    }

    private MvcResult postJson(String path, String bearer, Object body) throws Exception {
        return mvc.perform(post(path).header("Authorization", bearer).contentType(MediaType.APPLICATION_JSON)
                .content(json(body))).andReturn();
    }

    @Test
    void creatingAPrivilegedAccountWaitsForAnotherAdministratorOrManagement() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        String username = "sec." + UUID.randomUUID().toString().substring(0, 6);
        MvcResult created = postJson("/api/v1/employees", bearer, Map.of("username", username,
                "displayName", "New Security Admin", "roles", List.of("SECURITY_ADMIN")));
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        Map<String, Object> credential = body(created);
        assertThat(credential).doesNotContainKey("oneTimePassword").containsKey("link");
        UUID id = UUID.fromString((String) credential.get("id"));
        UUID grant = UUID.fromString((String) credential.get("roleGrantId"));
        assertThat(employees.byId(id).orElseThrow().roles()).isEmpty();

        // The requester, the person concerned, and roles that are no second administrator: refused.
        assertThat(postJson("/api/v1/role-grants/" + grant + "/approval", bearer, Map.of()).getResponse().getStatus())
                .isEqualTo(403);
        assertThatThrownBy(() -> grants.approve(grant, new CustosUser(id, username, "x", null,
                Set.of(Role.SECURITY_ADMIN), EmployeeStatus.ACTIVE)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("role-grant-not-approver"));
        for (Role role : List.of(Role.EMPLOYEE, Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.AUDITOR)) {
            TestAccounts.Account other = role == Role.AUDITOR ? privileged(role) : accounts.create(clock.instant(), Set.of(role));
            assertThatThrownBy(() -> grants.approve(grant, user(other, role))).as(role.name())
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("role-grant-not-approver"));
        }
        assertThat(employees.byId(id).orElseThrow().roles()).isEmpty();

        TestAccounts.Account second = privileged(Role.SECURITY_ADMIN);
        clock.advance(Duration.ofSeconds(30));
        String secondBearer = Api.token(mvc, second, clock.instant());
        mvc.perform(get("/api/v1/role-grants").header("Authorization", secondBearer))
                .andExpect(jsonPath("$[?(@.id == '" + grant + "')]").exists());
        MvcResult approved = postJson("/api/v1/role-grants/" + grant + "/approval", secondBearer, Map.of());
        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        assertThat(employees.byId(id).orElseThrow().roles()).containsExactly(Role.SECURITY_ADMIN);
    }

    @Test
    void grantingAPrivilegedRoleToAnExistingAccountWaitsToo() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of());
        mvc.perform(put("/api/v1/employees/" + someone.id()).header("Authorization", bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("displayName", "Future Auditor", "roles", List.of("AUDITOR"),
                                "status", "ACTIVE"))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.roles").isEmpty());
        List<RoleGrantView> pending = grants.pendingFor(someone.id());
        assertThat(pending).singleElement().satisfies(g -> {
            assertThat(g.roles()).containsExactly(Role.AUDITOR);
            assertThat(g.privileged()).isTrue();
        });
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT));
        grants.approve(pending.get(0).id(), user(manager, Role.MANAGEMENT));
        assertThat(employees.byId(someone.id()).orElseThrow().roles()).containsExactly(Role.AUDITOR);
    }

    @Test
    void aPrivilegedPasswordResetWaitsAndAnApprovalRaceAppliesOnce() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account target = privileged(Role.SYSTEM_ADMIN);
        String hashBefore = passwordHash(target.id());

        MvcResult asked = postJson("/api/v1/employees/" + target.id() + "/password-reset", bearer,
                Map.of("reason", "Lost the password manager"));
        assertThat(asked.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(asked)).doesNotContainKey("oneTimePassword");
        assertThat(body(asked).get("link")).isNull();
        UUID request = UUID.fromString((String) body(asked).get("resetRequestId"));
        assertThat(passwordHash(target.id())).isEqualTo(hashBefore);
        // A second request of the same kind while one waits: refused.
        assertThat(postJson("/api/v1/employees/" + target.id() + "/password-reset", bearer,
                Map.of("reason", "Again")).getResponse().getStatus()).isEqualTo(409);

        assertThat(postJson("/api/v1/privileged-resets/" + request + "/approval", bearer, Map.of())
                .getResponse().getStatus()).isEqualTo(403);
        assertThatThrownBy(() -> resets.approve(request, user(target, Role.SYSTEM_ADMIN)))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("privileged-reset-not-approver"));
        for (Role role : List.of(Role.EMPLOYEE, Role.ADMIN_OFFICER, Role.DEPT_HEAD, Role.AUDITOR)) {
            TestAccounts.Account other = accounts.create(clock.instant(), Set.of(role));
            assertThatThrownBy(() -> resets.approve(request, user(other, role))).as(role.name())
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo("privileged-reset-not-approver"));
        }
        assertThat(passwordHash(target.id())).isEqualTo(hashBefore);

        // Two approvers at once: the row is taken by one; the reset happens once.
        TestAccounts.Account security = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN));
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<PrivilegedResets.Approved>> results = new ArrayList<>();
        for (CustosUser approver : List.of(user(security, Role.SECURITY_ADMIN), user(manager, Role.MANAGEMENT))) {
            results.add(pool.submit(() -> {
                start.await();
                return resets.approve(request, approver);
            }));
        }
        start.countDown();
        int applied = 0;
        PrivilegedResets.Approved approved = null;
        for (Future<PrivilegedResets.Approved> result : results) {
            try {
                approved = result.get();
                applied++;
            } catch (java.util.concurrent.ExecutionException refused) {
                // The loser finds it decided.
            }
        }
        pool.shutdown();
        assertThat(applied).isEqualTo(1);
        assertThat(approved.delivery()).isNotNull();
        assertThat(approved.delivery().link()).isNotNull();
        assertThat(jdbc.sql("select count(*) from credential_link where employee_id = ?").param(target.id())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(passwordHash(target.id())).isNotEqualTo(hashBefore);
        assertThat(tokenRequest(mvc, target.username(), TestAccounts.PASSWORD,
                TestAccounts.totp(target.totpSecret(), clock.instant())).getResponse().getStatus()).isEqualTo(401);
        String oneTime = OneTimePasswords.open(links, approved.delivery().link());
        assertThat(employees.byId(target.id()).orElseThrow().mustChangePassword()).isTrue();
        assertThat(oneTime).hasSize(16);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.privileged-reset.approved' "
                + "and outcome = 'ALLOWED' and target_id = ?").param(target.id().toString()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aPrivilegedSecondFactorResetWaitsForManagement() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account auditor = privileged(Role.AUDITOR);
        MvcResult asked = postJson("/api/v1/employees/" + auditor.id() + "/second-factor-reset", bearer,
                Map.of("reason", "New phone"));
        assertThat(asked.getResponse().getStatus()).isEqualTo(202);
        UUID request = UUID.fromString((String) body(asked).get("resetRequestId"));
        assertThat(employees.byId(auditor.id()).orElseThrow().secondFactorEnabled()).isTrue();
        assertThat(resets.pendingFor(auditor.id())).extracting(PrivilegedResetView::id).containsExactly(request);

        TestAccounts.Account manager = privileged(Role.MANAGEMENT);
        clock.advance(Duration.ofSeconds(30));
        String managerBearer = Api.token(mvc, manager, clock.instant());
        mvc.perform(get("/api/v1/privileged-resets").header("Authorization", managerBearer))
                .andExpect(jsonPath("$[?(@.id == '" + request + "')].kind").value("SECOND_FACTOR"));
        mvc.perform(post("/api/v1/privileged-resets/" + request + "/approval").header("Authorization", managerBearer))
                .andExpect(status().isOk()).andExpect(jsonPath("$.request.status").value("APPROVED"));
        assertThat(employees.byId(auditor.id()).orElseThrow().secondFactorEnabled()).isFalse();
        mvc.perform(post("/api/v1/privileged-resets/" + request + "/approval").header("Authorization", managerBearer))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("privileged-reset-decided"));
    }

    @Test
    void aRequestLapsesAfterThreeDaysAndCanBeRejected() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account target = privileged(Role.SECURITY_ADMIN);
        UUID first = UUID.fromString((String) body(postJson("/api/v1/employees/" + target.id() + "/password-reset",
                bearer, Map.of("reason", "Forgot"))).get("resetRequestId"));
        TestAccounts.Account manager = accounts.create(clock.instant(), Set.of(Role.MANAGEMENT));
        PrivilegedResetView rejected = resets.reject(first, "Call me first", user(manager, Role.MANAGEMENT));
        assertThat(rejected.status()).isEqualTo(PrivilegedResetView.Status.REJECTED);

        UUID second = UUID.fromString((String) body(postJson("/api/v1/employees/" + target.id() + "/password-reset",
                bearer, Map.of("reason", "Forgot again"))).get("resetRequestId"));
        clock.advance(Duration.ofHours(72).plusSeconds(1));
        assertThat(resets.decidableBy(user(manager, Role.MANAGEMENT))).extracting(PrivilegedResetView::id)
                .doesNotContain(second);
        assertThatThrownBy(() -> resets.approve(second, user(manager, Role.MANAGEMENT)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("privileged-reset-decided"));
    }

    @Test
    void anOrdinaryResetIsImmediateButByLinkAndItsPasswordExpiresAfterADay() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        MvcResult reset = postJson("/api/v1/employees/" + someone.id() + "/password-reset", bearer,
                Map.of("reason", "Forgot it"));
        assertThat(reset.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(reset)).doesNotContainKey("oneTimePassword").containsEntry("resetRequestId", null);
        assertThat(tokenRequest(mvc, someone.username(), TestAccounts.PASSWORD, null).getResponse().getStatus())
                .isEqualTo(401);
        String oneTime = OneTimePasswords.open(links, body(reset));

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(tokenRequest(mvc, someone.username(), oneTime, null).getResponse().getStatus()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokenRequest(mvc, someone.username(), oneTime, null).getResponse().getStatus()).isEqualTo(401);
        EmployeeView view = employees.byId(someone.id()).orElseThrow();
        assertThat(view.oneTimePasswordExpired()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.sign-in' and target_id = ? "
                + "and details like '%one-time-password-expired%'").param(someone.id().toString())
                .query(Integer.class).single()).isEqualTo(1);

        // The administrator's page says so, in both languages.
        clock.advance(Duration.ofSeconds(30));
        MockHttpSession session = Pages.signIn(mvc, admin, clock.instant());
        assertThat(page(session, "/admin/employees/" + someone.id(), "en")).contains("The one-time password has expired");
        assertThat(page(session, "/admin/employees/" + someone.id(), "zh-CN")).contains("一次性密码已过期");
    }

    @Test
    void theLinkWorksOnceForItsOwnerOnlyAndNeverReachesTheLog() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        MockHttpSession session = Pages.signIn(mvc, admin, clock.instant());
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        String shown = mvc.perform(post("/admin/employees/" + someone.id() + "/password-reset").session(session)
                        .with(csrf()).param("reason", "Forgot it"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(shown).doesNotContain("id=\"one-time-password\"");
        Matcher found = Pattern.compile("id=\"one-time-password-link\"[^>]*>([^<]+)<").matcher(shown);
        assertThat(found.find()).isTrue();
        String link = found.group(1).replace("&amp;", "&").strip();
        String token = OneTimePasswords.token(link);

        // GET spends nothing (mail scanners), is never cached and sends no referrer; in both languages.
        for (String language : List.of("en", "zh-CN")) {
            mvc.perform(get("/one-time-password").param("token", token).header("Accept-Language", language))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Cache-Control", "no-store"))
                    .andExpect(header().string("Referrer-Policy", "no-referrer"));
        }
        assertThat(mvc.perform(get("/one-time-password").param("token", token).header("Accept-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsString()).contains("显示我的一次性密码");

        // The administrator's own browser: refused, recorded, and the link still works for its owner.
        String refused = mvc.perform(post("/one-time-password").session(session).with(csrf()).param("token", token)
                        .header("Accept-Language", "en"))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("This link belongs to another person").doesNotContain("id=\"one-time-password\"");

        MockHttpSession anonymous = new MockHttpSession();
        String revealed = mvc.perform(post("/one-time-password").session(anonymous).with(csrf()).param("token", token)
                        .header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        Matcher password = Pattern.compile("id=\"one-time-password\"[^>]*>([^<]+)<").matcher(revealed);
        assertThat(password.find()).isTrue();
        String oneTime = password.group(1).strip().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'");

        mvc.perform(post("/one-time-password").session(new MockHttpSession()).with(csrf()).param("token", token))
                .andExpect(status().isGone());
        assertThat(page(session, "/admin/employees/" + someone.id(), "en")).contains("id=\"link-opened\"");
        assertThat(tokenRequest(mvc, someone.username(), oneTime, null).getResponse().getStatus()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'identity.credential-link.opened' "
                + "and target_id = ?").param(someone.id().toString()).query(Integer.class).single()).isEqualTo(3);

        String logFile = Files.readString(Path.of(System.getProperty("logging.file.name", "target/test-logs/custos.log")));
        assertThat(logFile).doesNotContain(token).doesNotContain(oneTime);
    }

    @Test
    void theApproverFindsTheResetOnTheHomePageAndDecidesItOnAPageInBothLanguages() throws Exception {
        TestAccounts.Account admin = privileged(Role.SYSTEM_ADMIN);
        String bearer = Api.token(mvc, admin, clock.instant());
        TestAccounts.Account target = privileged(Role.AUDITOR);
        UUID request = UUID.fromString((String) body(postJson("/api/v1/employees/" + target.id() + "/password-reset",
                bearer, Map.of("reason", "Locked out after holiday"))).get("resetRequestId"));
        TestAccounts.Account approver = privileged(Role.SECURITY_ADMIN);
        MockHttpSession session = Pages.signIn(mvc, approver, clock.instant());
        assertThat(page(session, "/", "en")).contains("/privileged-resets/" + request);
        assertThat(page(session, "/privileged-resets/" + request, "en"))
                .contains("Reset to approve", "Locked out after holiday", "id=\"approve-reset\"");
        assertThat(page(session, "/privileged-resets/" + request, "zh-CN")).contains("待批准的重置", "重置密码");

        String decided = mvc.perform(post("/privileged-resets/" + request + "/approval").session(session).with(csrf())
                        .header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(decided).contains("id=\"one-time-password-link\"").doesNotContain("id=\"one-time-password\"");
        assertThat(resets.get(request, user(approver, Role.SECURITY_ADMIN)).status())
                .isEqualTo(PrivilegedResetView.Status.APPROVED);
    }

    private String page(MockHttpSession session, String path, String language) throws Exception {
        return mvc.perform(get(path).session(session).header("Accept-Language", language))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private String passwordHash(UUID id) {
        return jdbc.sql("select password_hash from employee where id = ?").param(id).query(String.class).single();
    }
}
