package io.custos.backup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.backup.BackupTestClock;
import io.custos.backup.BackupTestLocks;
import io.custos.identity.Role;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 17 (R-STO-3), the page: a system administrator sees the last successful drill, when the next
 * backup and drill run, the backups with their status, size, rows and verification in words, in
 * Chinese and English, and starts a backup, a verification or a drill; security administrators and
 * auditors read it; everyone else gets 403; a refused action shows the reason in words, not a 500.
 */
@IntegrationTest
class BackupPagesTests {

    /** Internal codes that must never be read on the page (they may sit in title and data- attributes). */
    private static final List<String> CODES = List.of("DONE", "FAILED", "RUNNING", "DELETED", "PASSED", "STORAGE",
            "DAMAGED", "NO_BACKUP", "SCHEDULED", "MANUAL", "backup-running", "backup.", "??");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh-CN"})
    void aSystemAdministratorReadsThePageInWordsAndStartsABackupVerificationAndDrill(String language) throws Exception {
        TestAccounts.Account account = account(Role.SYSTEM_ADMIN);
        MockHttpSession admin = Pages.signIn(mvc, account, clock.instant());
        boolean zh = language.startsWith("zh");
        // A failed backup and a failed drill on record, to be read in words.
        jdbc.sql("insert into backup_record (id, trigger_type, started_at, finished_at, status, problem) "
                + "values (?, 'SCHEDULED', current_timestamp, current_timestamp, 'FAILED', 'STORAGE')")
                .param(UUID.randomUUID()).update();

        MockHttpServletResponse started = mvc.perform(post("/backups").session(admin).with(csrf())
                .header("Accept-Language", language)).andReturn().getResponse();
        assertThat(started.getRedirectedUrl()).isEqualTo("/backups");
        UUID backup = jdbc.sql("select id from backup_record where requested_by = ?").param(account.id())
                .query(UUID.class).single();
        awaitNot("backup_record", backup, "RUNNING");
        MockHttpServletResponse verified = mvc.perform(post("/backups/" + backup + "/verification").session(admin)
                .with(csrf()).header("Accept-Language", language)).andReturn().getResponse();
        assertThat(verified.getRedirectedUrl()).isEqualTo("/backups");
        BackupTestClock.afterEverything(jdbc, clock);
        mvc.perform(post("/backups/drills").session(admin).with(csrf())).andReturn();
        UUID drill = jdbc.sql("select id from backup_drill order by started_at desc fetch first 1 rows only")
                .query(UUID.class).single();
        awaitNot("backup_drill", drill, "RUNNING");

        Document page = page("/backups", admin, language, 200);
        String text = page.body().text();
        assertThat(page.select("#back-up-now")).hasSize(1);
        assertThat(page.select("#run-drill")).hasSize(1);
        assertThat(page.select("#verify-" + backup)).hasSize(1);
        assertThat(page.select("#backup-" + backup).attr("data-status")).isEqualTo("DONE");
        assertThat(page.select("#last-drill-passed").text()).isNotBlank();
        assertThat(page.select("#next-backup").text()).matches("\\d{4}-\\d{2}-\\d{2} 02:30");
        assertThat(page.select("#next-drill").text()).matches("\\d{4}-\\d{2}-01 04:00");
        if (zh) {
            assertThat(text).contains("立即备份", "进行恢复演练", "最近一次成功的恢复演练", "已完成", "完好", "失败",
                    "无法写入备份文件夹", "计划任务", "通过");
        } else {
            assertThat(text).contains("Back up now", "Run a restore drill", "Last successful restore drill", "Complete",
                    "Intact", "Failed", "The backup folder could not be written", "The schedule", "Passed");
        }
        for (String code : CODES) {
            assertThat(text).as("the page shows the code " + code).doesNotContain(code);
        }
        assertThat(page.select("#nav-backups")).hasSize(1);
    }

    @Test
    void securityAdministratorsAndAuditorsReadThePageWithoutItsButtonsAndAnEmployeeIsRefused() throws Exception {
        for (Role reader : List.of(Role.SECURITY_ADMIN, Role.AUDITOR)) {
            MockHttpSession session = signIn(reader);
            Document page = page("/backups", session, "en", 200);
            assertThat(page.select("#back-up-now, #run-drill, [id^=verify-]")).as(reader + " buttons").isEmpty();
            assertThat(page.select("#last-drill")).hasSize(1);
            // Their way in is the Audit menu, which keeps the bar within a 1280-pixel screen.
            assertThat(page.select("#nav-audit-backups")).as(reader + " navigation").hasSize(1);
            // Posting anyway is refused with the reason on the page.
            MockHttpServletResponse refused = mvc.perform(post("/backups").session(session).with(csrf())
                    .header("Accept-Language", "en")).andReturn().getResponse();
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(Jsoup.parse(refused.getContentAsString()).select("#problem").text())
                    .contains("System administrators make backups");
        }
        MockHttpSession employee = signIn(Role.EMPLOYEE);
        assertThat(mvc.perform(get("/backups").session(employee)).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/backups").session(employee).with(csrf())).andReturn().getResponse().getStatus())
                .isEqualTo(403);
        assertThat(page("/", employee, "en", 200).select("#nav-backups, #nav-audit-backups")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh-CN"})
    void aBackupWhileAnotherRunsShowsTheReasonInWordsNotAnError(String language) throws Exception {
        MockHttpSession admin = signIn(Role.SYSTEM_ADMIN);
        try (BackupTestLocks.Held held = BackupTestLocks.holdBackup(dataSource)) {
            MockHttpServletResponse refused = mvc.perform(post("/backups").session(admin).with(csrf())
                    .header("Accept-Language", language)).andReturn().getResponse();
            assertThat(refused.getStatus()).isEqualTo(409);
            Document page = Jsoup.parse(refused.getContentAsString());
            assertThat(page.select("#problem").text()).isEqualTo(language.startsWith("zh")
                    ? "当前正在进行备份。请在其完成后重试。" : "A backup is being made right now. Try again once it has finished.");
            assertThat(page.select("#backup-list, #no-backups")).isNotEmpty();
        }
        MockHttpServletResponse unknown = mvc.perform(post("/backups/" + UUID.randomUUID() + "/verification")
                .session(admin).with(csrf()).header("Accept-Language", language)).andReturn().getResponse();
        assertThat(unknown.getStatus()).isEqualTo(404);
    }

    // --- helpers -----------------------------------------------------------------------------

    private void awaitNot(String table, UUID id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                !status.equals(jdbc.sql("select status from " + table + " where id = ?").param(id).query(String.class)
                        .single()));
    }

    private Document page(String path, MockHttpSession session, String language, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(status);
        return Jsoup.parse(response.getContentAsString());
    }

    private MockHttpSession signIn(Role role) throws Exception {
        return Pages.signIn(mvc, account(role), clock.instant());
    }

    private TestAccounts.Account account(Role role) {
        boolean privileged = Role.requiresSecondFactor(Set.of(role));
        return accounts.create(clock.instant(), Set.of(role), privileged ? TestAccounts.newSecret() : null, false);
    }
}
