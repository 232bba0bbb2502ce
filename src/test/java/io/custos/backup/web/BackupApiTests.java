package io.custos.backup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.backup.BackupTestClock;
import io.custos.backup.BackupTestLocks;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 17 (R-STO-3), the API: a system administrator starts a backup (202 and its running record),
 * verifies one and runs a restore drill; security administrators and auditors read the records;
 * everyone else is refused; a second backup or drill while one runs is 409; an unknown id is 404, and
 * nothing answers with a backup's files.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class BackupApiTests {

    private static final Duration DONE_WITHIN = Duration.ofSeconds(120);

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    /** A TOTP code is accepted once per 30 s: one account and one token per role for the class. */
    private final Map<Role, TestAccounts.Account> people = new EnumMap<>(Role.class);
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @Test
    void aSystemAdministratorStartsABackupAndFollowsItUntilItIsDone() throws Exception {
        MvcResult started = call(post("/api/v1/backups"), Role.SYSTEM_ADMIN);
        assertThat(started.getResponse().getStatus()).isEqualTo(202);
        Map<String, Object> running = Api.body(started);
        String id = (String) running.get("id");
        assertThat(started.getResponse().getHeader("Location")).isEqualTo("/api/v1/backups/" + id);
        assertThat(running).containsEntry("status", "RUNNING").containsEntry("trigger", "MANUAL")
                .containsEntry("requestedBy", people.get(Role.SYSTEM_ADMIN).id().toString());

        Map<String, Object> done = awaitBackup(id);
        assertThat(done.get("status")).isEqualTo("DONE");
        assertThat((String) done.get("folder")).startsWith("custos-backup-");
        assertThat(((Number) done.get("rows")).longValue()).isPositive();
        assertThat(done.get("problem")).isNull();

        Map<String, Object> list = Api.body(call(get("/api/v1/backups"), Role.SYSTEM_ADMIN));
        assertThat(((Number) list.get("total")).longValue()).isPositive();
        assertThat((List<Map<String, Object>>) list.get("backups")).extracting(b -> b.get("id")).contains(id);
        assertThat(list.get("nextScheduled")).isNotNull();

        Map<String, Object> check = Api.body(call(post("/api/v1/backups/" + id + "/verification"), Role.SYSTEM_ADMIN));
        assertThat(check).containsEntry("valid", true).containsEntry("findings", List.of());
        assertThat(((Number) check.get("rowsChecked")).longValue()).isEqualTo(((Number) done.get("rows")).longValue());
        assertThat((Map<String, Object>) ((Map<String, Object>) check.get("backup")).get("lastVerification"))
                .containsEntry("valid", true).containsEntry("by", people.get(Role.SYSTEM_ADMIN).id().toString());
    }

    @Test
    void aSystemAdministratorRunsARestoreDrillAndReadsItsOutcome() throws Exception {
        // Later than any backup or drill another test class left on the shared clock.
        BackupTestClock.afterEverything(jdbc, clock);
        awaitBackup((String) Api.body(call(post("/api/v1/backups"), Role.SYSTEM_ADMIN)).get("id"));
        MvcResult started = call(post("/api/v1/backups/drills"), Role.SYSTEM_ADMIN);
        assertThat(started.getResponse().getStatus()).isEqualTo(202);
        String id = (String) Api.body(started).get("id");

        Awaitility.await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(300)).until(() ->
                drill(id).map(d -> !"RUNNING".equals(d.get("status"))).orElse(false));
        Map<String, Object> drill = drill(id).orElseThrow();
        assertThat(drill).containsEntry("status", "PASSED").containsEntry("trigger", "MANUAL");
        assertThat(drill.get("problem")).isNull();
        Map<String, Object> drills = Api.body(call(get("/api/v1/backups/drills"), Role.AUDITOR));
        assertThat((Map<String, Object>) drills.get("lastSuccessful")).containsEntry("id", id);
        assertThat(drills.get("nextScheduled")).isNotNull();
    }

    @Test
    void systemAdministratorsRunSecurityAdministratorsAndAuditorsReadAndEveryoneElseIsRefused() throws Exception {
        assertThat(call(get("/api/v1/backups"), Role.SYSTEM_ADMIN).getResponse().getStatus()).isEqualTo(200);
        for (Role reader : List.of(Role.SECURITY_ADMIN, Role.AUDITOR)) {
            assertThat(call(get("/api/v1/backups"), reader).getResponse().getStatus()).as(reader + " lists").isEqualTo(200);
            assertThat(call(get("/api/v1/backups/drills"), reader).getResponse().getStatus()).isEqualTo(200);
            assertRefused(call(post("/api/v1/backups"), reader), reader + " starts a backup");
            assertRefused(call(post("/api/v1/backups/drills"), reader), reader + " starts a drill");
            assertRefused(call(post("/api/v1/backups/" + UUID.randomUUID() + "/verification"), reader),
                    reader + " verifies");
        }
        for (Role other : List.of(Role.EMPLOYEE, Role.DEPT_HEAD, Role.ADMIN_OFFICER, Role.MANAGEMENT)) {
            assertRefused(call(get("/api/v1/backups"), other), other + " lists");
            assertRefused(call(get("/api/v1/backups/" + UUID.randomUUID()), other), other + " reads one");
            assertRefused(call(get("/api/v1/backups/drills"), other), other + " lists drills");
            assertRefused(call(post("/api/v1/backups"), other), other + " starts a backup");
        }
        assertThat(mvc.perform(get("/api/v1/backups")).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(mvc.perform(post("/api/v1/backups")).andReturn().getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aSecondBackupOrDrillWhileOneRunsOnAnyNodeIsAConflict() throws Exception {
        // Another node holds the lock: the request is answered at once, nothing is recorded.
        long before = jdbc.sql("select count(*) from backup_record").query(Long.class).single();
        try (BackupTestLocks.Held held = BackupTestLocks.holdBackup(dataSource)) {
            MvcResult refused = call(post("/api/v1/backups"), Role.SYSTEM_ADMIN);
            assertThat(refused.getResponse().getStatus()).isEqualTo(409);
            assertThat(Api.body(refused)).containsEntry("code", "backup-running")
                    .containsEntry("type", "/problems/backup-running");
            assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        }
        assertThat(jdbc.sql("select count(*) from backup_record").query(Long.class).single()).isEqualTo(before);
        try (BackupTestLocks.Held held = BackupTestLocks.holdDrill(dataSource)) {
            MvcResult refused = call(post("/api/v1/backups/drills"), Role.SYSTEM_ADMIN);
            assertThat(refused.getResponse().getStatus()).isEqualTo(409);
            assertThat(Api.body(refused)).containsEntry("code", "backup-drill-running");
        }
        // Released, the next one starts.
        MvcResult started = call(post("/api/v1/backups"), Role.SYSTEM_ADMIN);
        assertThat(started.getResponse().getStatus()).isEqualTo(202);
        awaitBackup((String) Api.body(started).get("id"));
    }

    @Test
    void anUnknownIdIs404ANonIdIs400AndNothingServesABackupsFiles() throws Exception {
        UUID unknown = UUID.randomUUID();
        MvcResult missing = call(get("/api/v1/backups/" + unknown), Role.AUDITOR);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(Api.body(missing)).containsEntry("code", "not-found");
        assertThat(call(post("/api/v1/backups/" + unknown + "/verification"), Role.SYSTEM_ADMIN).getResponse()
                .getStatus()).isEqualTo(404);
        // A path where an id goes is not a path: only a record's UUID leads to a backup.
        for (String path : List.of("/api/v1/backups/custos-backup-20261205T023000Z-0123456789abcdef",
                "/api/v1/backups/..%2F..%2Fetc%2Fpasswd", "/api/v1/backups/%2E%2E")) {
            int status = call(get(path), Role.SYSTEM_ADMIN).getResponse().getStatus();
            assertThat(status).as(path).isIn(400, 404);
        }
        String id = (String) awaitBackup((String) Api.body(call(post("/api/v1/backups"), Role.SYSTEM_ADMIN)).get("id"))
                .get("id");
        for (String path : List.of("/api/v1/backups/" + id + "/file", "/api/v1/backups/" + id + "/download",
                "/api/v1/backups/" + id + "/manifest.json", "/api/v1/backups/" + id + "/tables/customer.jsonl.gz.sealed")) {
            assertThat(call(get(path), Role.SYSTEM_ADMIN).getResponse().getStatus()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aBackupThatIsNotCompleteCannotBeVerified() throws Exception {
        UUID failed = UUID.randomUUID();
        jdbc.sql("insert into backup_record (id, trigger_type, started_at, finished_at, status, problem) "
                + "values (?, 'MANUAL', current_timestamp, current_timestamp, 'FAILED', 'STORAGE')").param(failed).update();
        MvcResult refused = call(post("/api/v1/backups/" + failed + "/verification"), Role.SYSTEM_ADMIN);
        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(refused)).containsEntry("code", "backup-not-verifiable");
        assertThat(Api.body(call(get("/api/v1/backups/" + failed), Role.SECURITY_ADMIN)))
                .containsEntry("status", "FAILED").containsEntry("problem", "STORAGE");
    }

    @Test
    void theApiDocumentationSaysABackupStartsWith202() throws Exception {
        Map<String, Object> docs = Api.body(mvc.perform(get("/v3/api-docs")).andReturn());
        Map<String, Object> paths = (Map<String, Object>) docs.get("paths");
        assertThat(paths).containsKeys("/api/v1/backups", "/api/v1/backups/{id}", "/api/v1/backups/{id}/verification",
                "/api/v1/backups/drills");
        Map<String, Object> start = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/backups")).get("post");
        assertThat((Map<String, Object>) start.get("responses")).containsKeys("202", "403", "409");
        assertThat((String) start.get("description")).contains("RUNNING", "backup-running");
    }

    // --- helpers -----------------------------------------------------------------------------

    private Map<String, Object> awaitBackup(String id) throws Exception {
        Awaitility.await().atMost(DONE_WITHIN).pollInterval(Duration.ofMillis(200)).until(() ->
                !"RUNNING".equals(Api.body(call(get("/api/v1/backups/" + id), Role.SYSTEM_ADMIN)).get("status")));
        return Api.body(call(get("/api/v1/backups/" + id), Role.SYSTEM_ADMIN));
    }

    private java.util.Optional<Map<String, Object>> drill(String id) throws Exception {
        Map<String, Object> drills = Api.body(call(get("/api/v1/backups/drills"), Role.SYSTEM_ADMIN));
        return ((List<Map<String, Object>>) drills.get("drills")).stream().filter(d -> id.equals(d.get("id"))).findFirst();
    }

    private void assertRefused(MvcResult result, String what) throws Exception {
        assertThat(result.getResponse().getStatus()).as(what).isEqualTo(403);
        assertThat(Api.body(result).get("code")).as(what).isEqualTo("backup-not-allowed");
    }

    private MvcResult call(MockHttpServletRequestBuilder request, Role role) throws Exception {
        return mvc.perform(request.header("Authorization", token(role))).andReturn();
    }

    private synchronized String token(Role role) throws Exception {
        String token = tokens.get(role);
        if (token == null) {
            boolean privileged = Role.requiresSecondFactor(Set.of(role));
            TestAccounts.Account account = accounts.create(clock.instant(), Set.of(role),
                    privileged ? TestAccounts.newSecret() : null, false);
            people.put(role, account);
            token = Api.token(mvc, account, clock.instant());
            tokens.put(role, token);
        }
        return token;
    }
}
