package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.shared.Actor;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestDatabaseInitializer;

/**
 * Issue 17.4 (R-STO-3): a restore drill restores the newest backup into a scratch database of the
 * application's own engine (an H2 file, or a PostgreSQL schema), checks every table and the audit
 * chain there, records PASSED or FAILED with why, and leaves no scratch database behind either way.
 */
@IntegrationTest
class RestoreDrillsTests {

    @Autowired RestoreDrills drills;
    @Autowired Backups backups;
    @Autowired BackupRepository repository;
    @Autowired BackupProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    @Test
    void aDrillRestoresTheNewestBackupIntoAScratchDatabaseAndPasses() {
        BackupRecord backup = backUpNow();

        RestoreDrill drill = drillNow();

        assertThat(drill.status()).isEqualTo(DrillStatus.PASSED);
        assertThat(drill.problem()).isNull();
        assertThat(drill.backupId()).isEqualTo(backup.id());
        assertThat(drill.rows()).isEqualTo(backup.rows());
        assertThat(drill.tables()).isEqualTo(backup.tables());
        assertThat(drill.database()).isEqualTo(TestDatabaseInitializer.onPostgres() ? "PostgreSQL" : "H2");
        assertThat(drill.tookMs()).isPositive();
        assertThat(drill.trigger()).isEqualTo(BackupTrigger.MANUAL);
        assertThat(drills.lastSuccessfulDrill()).map(RestoreDrill::id).contains(drill.id());
        Map<String, Object> event = lastEvent("backup.drill.passed", drill.id());
        assertThat(event.get("outcome")).isEqualTo("ALLOWED");
        assertThat((String) event.get("details")).contains("\"backup\":\"" + backup.id() + "\"", "\"rows\":" + backup.rows());
        assertNoScratchLeft();
    }

    @Test
    void aDamagedBackupFailsTheDrillWithTheReasonAndLeavesNoScratchDatabase() throws IOException {
        RestoreDrill passed = drillNow();
        BackupRecord backup = backUpNow();
        flipAByte(properties.directory().resolve(backup.folder()).resolve("tables/employee.jsonl.gz.sealed"));
        try {
            RestoreDrill drill = drillNow();

            assertThat(drill.status()).isEqualTo(DrillStatus.FAILED);
            assertThat(drill.problem()).isEqualTo("DAMAGED");
            assertThat(drill.backupId()).isEqualTo(backup.id());
            Map<String, Object> event = lastEvent("backup.drill.failed", drill.id());
            assertThat(event.get("outcome")).isEqualTo("FAILED");
            assertThat((String) event.get("details")).contains("\"problem\":\"DAMAGED\"");
            // The proof shown on the compliance view is still the last drill that passed.
            assertThat(drills.lastSuccessfulDrill().map(RestoreDrill::id)).isNotEqualTo(java.util.Optional.of(drill.id()));
            if (passed.status() == DrillStatus.PASSED) {
                assertThat(drills.lastSuccessfulDrill()).map(RestoreDrill::id).contains(passed.id());
            }
            assertNoScratchLeft();
        } finally {
            repository.markDeleted(backup.id(), java.time.Instant.now());
        }
    }

    @Test
    void aBackupWhoseAuditChainDoesNotVerifyFailsTheDrill() {
        // An event changed in the database before the backup: the backup is intact, its chain is not.
        Map<String, Object> sealed = jdbc.sql("select id, outcome from audit_event where seq is not null and outcome = 'ALLOWED' "
                + "order by id fetch first 1 rows only").query().singleRow();
        long id = ((Number) sealed.get("id")).longValue();
        BackupRecord backup;
        jdbc.sql("update audit_event set outcome = 'DENIED' where id = ?").param(id).update();
        try {
            backup = backUpNow();
        } finally {
            jdbc.sql("update audit_event set outcome = 'ALLOWED' where id = ?").param(id).update();
        }
        try {
            RestoreDrill drill = drillNow();
            assertThat(drill.status()).isEqualTo(DrillStatus.FAILED);
            assertThat(drill.problem()).isEqualTo("AUDIT_CHAIN_BROKEN");
            assertThat(drill.rows()).isEqualTo(backup.rows());
            assertNoScratchLeft();
        } finally {
            repository.markDeleted(backup.id(), java.time.Instant.now());
        }
    }

    @Test
    void aDrillLeftRunningByAStoppedNodeIsRecordedInterruptedAndItsScratchDatabaseRemovedByTheNextOne()
            throws IOException {
        UUID stale = UUID.randomUUID();
        repository.insertDrill(stale, null, BackupTrigger.SCHEDULED, null, java.time.Instant.now().minusSeconds(3600));
        String token = "0123456789ab";
        repository.recordScratch(stale, token);
        // What the stopped node left: its scratch schema, or its scratch file.
        if (TestDatabaseInitializer.onPostgres()) {
            jdbc.sql("create schema " + DrillDatabase.SCHEMA_PREFIX + token).update();
        } else {
            Files.createDirectories(properties.drillFolder());
            Files.writeString(properties.drillFolder().resolve(DrillDatabase.FILE_PREFIX + token + ".mv.db"), "left");
        }

        drillNow();

        RestoreDrill closed = repository.findDrill(stale).orElseThrow();
        assertThat(closed.status()).isEqualTo(DrillStatus.FAILED);
        assertThat(closed.problem()).isEqualTo("INTERRUPTED");
        assertNoScratchLeft();
    }

    // --- helpers -----------------------------------------------------------------------------

    /** On the test's clock, a second after anything before: "the newest" is this one. */
    private BackupRecord backUpNow() {
        BackupTestClock.afterEverything(jdbc, clock);
        BackupRecord backup = backups.backUp(BackupTrigger.MANUAL, null, Actor.system("test"), false,
                new CompletableFuture<>()).orElseThrow();
        assertThat(backup.status()).isEqualTo(BackupStatus.DONE);
        return backup;
    }

    private RestoreDrill drillNow() {
        BackupTestClock.afterEverything(jdbc, clock);
        return drills.drill(BackupTrigger.MANUAL, null, Actor.system("test"), new CompletableFuture<>()).orElseThrow();
    }

    private void assertNoScratchLeft() {
        if (TestDatabaseInitializer.onPostgres()) {
            List<String> schemas = jdbc.sql("select schema_name from information_schema.schemata where schema_name like ?")
                    .param(DrillDatabase.SCHEMA_PREFIX + "%").query(String.class).list();
            assertThat(schemas).as("scratch schemas left behind").isEmpty();
        } else {
            Path folder = properties.drillFolder();
            try (var files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(DrillDatabase.FILE_PREFIX)))
                        .as("scratch files left behind").isEmpty();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Object> lastEvent(String action, UUID target) {
        return jdbc.sql("select outcome, details from audit_event where action = ? and target_id = ? "
                + "order by id desc fetch first 1 rows only").params(action, target.toString()).query().singleRow();
    }

    static void flipAByte(Path file) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(raw.length() / 2);
            int b = raw.read();
            raw.seek(raw.length() / 2);
            raw.write(b ^ 0x01);
        }
    }
}
