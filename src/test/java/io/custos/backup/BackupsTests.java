package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.keys.MasterKeyProvider;
import io.custos.shared.Actor;
import io.custos.shared.web.Times;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OtherNode;

/**
 * Issue 17.1, 17.2, 17.5 (R-STO-3): backups the application makes are recorded from start to end and
 * audited; the scheduled one runs on one node however many share the database; a backup that cannot
 * be written is recorded FAILED and leaves nothing behind; verification finds a changed byte and names
 * the file; the retention of backups keeps the newest of each recent day and month and deletes the rest.
 */
@IntegrationTest
class BackupsTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired Backups backups;
    @Autowired BackupRepository repository;
    @Autowired BackupAudit audit;
    @Autowired BackupProperties properties;
    @Autowired DataSource dataSource;
    @Autowired MasterKeyProvider master;
    @Autowired TransactionTemplate transactions;
    @Autowired Times times;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    private final List<Backups> nodes = new ArrayList<>();

    @AfterEach
    void stopExtraNodes() {
        nodes.forEach(Backups::destroy);
        nodes.clear();
        clock.reset();
    }

    @Test
    void aBackupOnDemandIsRecordedDoneWithWhatItHoldsAndAudited() {
        BackupRecord done = backUpNow();

        assertThat(done.status()).isEqualTo(BackupStatus.DONE);
        assertThat(done.trigger()).isEqualTo(BackupTrigger.MANUAL);
        assertThat(done.folder()).matches(BackupFolders.NAME);
        assertThat(Files.isDirectory(properties.directory().resolve(done.folder()))).isTrue();
        assertThat(done.tables()).isGreaterThan(50);
        assertThat(done.rows()).isPositive();
        assertThat(done.bytes()).isPositive();
        assertThat(done.schemaVersion()).isEqualTo(newestMigration());
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        Map<String, Object> event = lastEvent("backup.created", done.id());
        assertThat(event.get("outcome")).isEqualTo("ALLOWED");
        assertThat((String) event.get("details")).contains("\"folder\":\"" + done.folder() + "\"", "\"trigger\":\"MANUAL\"",
                "\"schemaVersion\":\"v" + done.schemaVersion() + "\"");
        // The lock table is not copied: a restored copy of the lock this backup held would block backups.
        assertThat(jdbc.sql("select count(*) from shedlock where name = ?").param(BackupLocks.BACKUP)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(tablesIn(done)).doesNotContain("shedlock", "flyway_schema_history").contains("backup_record");
    }

    @Test
    void theScheduledBackupRunsOnceWhenTwoNodesStartItTogether() throws Exception {
        // R-STO-3 "the job runs once across nodes": two nodes, each with its own lock client, one database.
        jdbc.sql("delete from shedlock where name = ?").param(BackupLocks.BACKUP_SCHEDULE).update();
        Instant before = Instant.now().minusSeconds(1);
        Backups first = node(properties);
        Backups second = node(properties);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<Future<Optional<BackupRecord>>>> a = threads.submit(() -> {
                together.await();
                return first.scheduled();
            });
            Future<Optional<Future<Optional<BackupRecord>>>> b = threads.submit(() -> {
                together.await();
                return second.scheduled();
            });
            Optional<Future<Optional<BackupRecord>>> jobA = a.get(60, TimeUnit.SECONDS);
            Optional<Future<Optional<BackupRecord>>> jobB = b.get(60, TimeUnit.SECONDS);
            assertThat(jobA.isPresent() ^ jobB.isPresent()).as("exactly one node runs the scheduled backup").isTrue();
            Optional<BackupRecord> made = jobA.orElseGet(jobB::orElseThrow).get(120, TimeUnit.SECONDS);
            assertThat(made).isPresent();
            assertThat(made.get().status()).isEqualTo(BackupStatus.DONE);
            assertThat(made.get().trigger()).isEqualTo(BackupTrigger.SCHEDULED);
            assertThat(made.get().requestedBy()).isNull();
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from backup_record where trigger_type = 'SCHEDULED' and started_at between ? and ?")
                .params(before.atOffset(ZoneOffset.UTC), Instant.now().plusSeconds(1).atOffset(ZoneOffset.UTC))
                .query(Long.class).single()).isEqualTo(1);
        // A node whose clock is a minute late finds the run taken, too.
        assertThat(node(properties).scheduled()).isEmpty();
    }

    @Test
    void aSecondBackupWhileOneRunsIsRefusedWithAConflict() throws Exception {
        BackupLocks otherNode = new BackupLocks(OtherNode.locks(dataSource));
        CompletableFuture<Void> holding = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread holder = new Thread(() -> otherNode.runAlone(BackupLocks.BACKUP, Duration.ofMinutes(1), Duration.ZERO, () -> {
            holding.complete(null);
            release.join();
        }));
        holder.start();
        try {
            holding.get(30, TimeUnit.SECONDS);
            CompletableFuture<BackupRecord> started = new CompletableFuture<>();
            long records = repository.count();
            assertThat(backups.backUp(BackupTrigger.MANUAL, null, Actor.system("test"), false, started)).isEmpty();
            assertThat(started).isCompletedExceptionally();
            assertThat(repository.count()).as("nothing recorded for a backup that did not start").isEqualTo(records);
        } finally {
            release.complete(null);
            holder.join(30_000);
        }
        assertThat(backUpNow().status()).isEqualTo(BackupStatus.DONE);
    }

    @Test
    void aBackupThatCannotBeWrittenIsRecordedFailedAndLeavesNothingBehind() throws IOException {
        Path notADirectory = Files.createTempFile("custos-backup-target", ".txt");
        try {
            Backups blocked = node(new BackupProperties(notADirectory.resolve("backups"), properties.schedule(),
                    properties.keepDaily(), properties.keepMonthly(), properties.drillSchedule(),
                    properties.drillDirectory(), properties.maxDuration()));
            BackupRecord failed = blocked.backUp(BackupTrigger.MANUAL, null, Actor.system("test"), false,
                    new CompletableFuture<>()).orElseThrow();
            assertThat(failed.status()).isEqualTo(BackupStatus.FAILED);
            assertThat(failed.problem()).isEqualTo("STORAGE");
            assertThat(failed.folder()).isNull();
            assertThat(failed.finishedAt()).isNotNull();
            Map<String, Object> event = lastEvent("backup.failed", failed.id());
            assertThat(event.get("outcome")).isEqualTo("FAILED");
            assertThat((String) event.get("details")).contains("\"problem\":\"STORAGE\"");
            assertThat(Files.readString(notADirectory)).isEmpty();
        } finally {
            Files.deleteIfExists(notADirectory);
        }
    }

    @Test
    void aBackupLeftRunningByAStoppedNodeIsRecordedInterruptedByTheNextOne() {
        UUID stale = UUID.randomUUID();
        repository.insertRunning(stale, BackupTrigger.SCHEDULED, null, clock.instant().minusSeconds(3600));
        backUpNow();
        BackupRecord closed = repository.find(stale).orElseThrow();
        assertThat(closed.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(closed.problem()).isEqualTo("INTERRUPTED");
    }

    @Test
    void verificationFindsAChangedByteAndNamesItsFile() throws Exception {
        BackupRecord done = backUpNow();
        io.custos.identity.CustosUser admin = systemAdmin();
        BackupCheck intact = backups.verify(done.id(), admin);
        assertThat(intact.valid()).isTrue();
        assertThat(intact.rowsChecked()).isEqualTo(done.rows());
        assertThat(intact.backup().verification()).isNotNull();
        assertThat(intact.backup().verification().valid()).isTrue();

        Path file = properties.directory().resolve(done.folder()).resolve("tables/audit_event.jsonl.gz.sealed");
        flipAByte(file);
        BackupCheck damaged = backups.verify(done.id(), admin);
        assertThat(damaged.valid()).isFalse();
        assertThat(damaged.findings()).extracting(BackupCheck.Finding::file).contains("tables/audit_event.jsonl.gz.sealed");
        assertThat(damaged.findings()).extracting(BackupCheck.Finding::kind).containsOnly("DAMAGED");
        BackupRecord.Verification recorded = repository.find(done.id()).orElseThrow().verification();
        assertThat(recorded.valid()).isFalse();
        assertThat(recorded.problem()).isEqualTo("DAMAGED");
        assertThat(recorded.file()).isEqualTo("tables/audit_event.jsonl.gz.sealed");
        assertThat(recorded.by()).isEqualTo(admin.id());
        Map<String, Object> event = lastEvent("backup.verified", done.id());
        assertThat(event.get("outcome")).isEqualTo("FAILED");
        assertThat((String) event.get("details")).contains("\"valid\":false", "\"problem\":\"DAMAGED\"");
        // The damaged backup is taken out of the way of the drills of other tests.
        repository.markDeleted(done.id(), clock.instant());
    }

    @Test
    void theRetentionOfBackupsKeepsTheNewestOfRecentDaysAndMonthsAndDeletesTheRest() throws IOException {
        // Backups far ahead of any other test's, on the injected clock: twice a day for 9 days in March
        // 2031, and one at the end of January and of February.
        Map<String, UUID> made = new LinkedHashMap<>();
        made.put("01-31 23:00", fabricated(LocalDateTime.parse("2031-01-31T23:00")));
        made.put("02-28 23:00", fabricated(LocalDateTime.parse("2031-02-28T23:00")));
        for (int day = 1; day <= 9; day++) {
            made.put(String.format("03-%02d 02:30", day), fabricated(LocalDateTime.parse(String.format("2031-03-%02dT02:30", day))));
            made.put(String.format("03-%02d 14:00", day), fabricated(LocalDateTime.parse(String.format("2031-03-%02dT14:00", day))));
        }
        UUID missingFolder = made.get("03-01 14:00");
        properties.directory().resolve(repository.find(missingFolder).orElseThrow().folder()).toFile().delete();
        clock.set(LocalDateTime.parse("2031-03-09T14:05").atZone(SHANGHAI).toInstant());
        try {
            // keep-daily 7 and keep-monthly 12, as configured by default.
            List<UUID> deleted = backups.prune(Actor.system("test"));

            List<String> kept = new ArrayList<>();
            made.forEach((when, id) -> {
                BackupRecord record = repository.find(id).orElseThrow();
                boolean onDisk = Files.exists(properties.directory().resolve(record.folder()));
                assertThat(onDisk).as(when + " on disk").isEqualTo(record.status() == BackupStatus.DONE);
                if (record.status() == BackupStatus.DONE) {
                    kept.add(when);
                } else {
                    assertThat(record.status()).isEqualTo(BackupStatus.DELETED);
                    assertThat(record.deletedAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                    assertThat(deleted).contains(id);
                }
            });
            assertThat(kept).containsExactly("01-31 23:00", "02-28 23:00", "03-03 14:00", "03-04 14:00", "03-05 14:00",
                    "03-06 14:00", "03-07 14:00", "03-08 14:00", "03-09 14:00");
            // A folder already gone is recorded deleted like the others.
            assertThat(repository.find(missingFolder).orElseThrow().status()).isEqualTo(BackupStatus.DELETED);
            Map<String, Object> event = lastEvent("backup.deleted", made.get("03-09 02:30"));
            assertThat((String) event.get("details")).contains("\"keepDaily\":7", "\"keepMonthly\":12");
            // Run again, nothing more goes.
            assertThat(backups.prune(Actor.system("test"))).isEmpty();
        } finally {
            // Leave no backup from 2031 for other tests' drills to restore.
            made.values().forEach(id -> repository.find(id).filter(r -> r.status() == BackupStatus.DONE).ifPresent(r -> {
                new BackupFolders(properties.directory()).delete(r.folder());
                repository.markDeleted(id, clock.instant());
            }));
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    /** A backup made now, on this node, to its end. */
    private BackupRecord backUpNow() {
        return backups.backUp(BackupTrigger.MANUAL, null, Actor.system("test"), false, new CompletableFuture<>())
                .orElseThrow();
    }

    /** Another node: the same database, its own lock client and threads. */
    private Backups node(BackupProperties settings) {
        Backups node = new Backups(dataSource, master, settings, repository, audit,
                new BackupLocks(OtherNode.locks(dataSource)), transactions, times, Clock.systemUTC());
        nodes.add(node);
        return node;
    }

    /** A DONE record and a folder of that name (the retention looks at records and names, not contents). */
    private UUID fabricated(LocalDateTime shanghai) throws IOException {
        Instant at = shanghai.atZone(SHANGHAI).toInstant();
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        String folder = BackupFormat.FOLDER_PREFIX + BackupWriter.FOLDER_TIME.format(at) + "-" + HexFormat.of().formatHex(random);
        Files.createDirectories(properties.directory().resolve(folder).resolve("tables"));
        Files.writeString(properties.directory().resolve(folder).resolve("manifest.json"), "{}");
        UUID id = UUID.randomUUID();
        repository.insertRunning(id, BackupTrigger.SCHEDULED, null, at);
        repository.markDone(id, folder, new Manifest(BackupFormat.FORMAT, "x", at.toString(), "75", "H2", List.of(),
                List.of()), at.plusSeconds(60));
        return id;
    }

    private List<String> tablesIn(BackupRecord backup) {
        try (var files = Files.list(properties.directory().resolve(backup.folder()).resolve("tables"))) {
            return files.map(f -> f.getFileName().toString().replace(BackupFormat.TABLE_SUFFIX, "")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> lastEvent(String action, UUID target) {
        return jdbc.sql("select outcome, details, actor_name from audit_event where action = ? and target_id = ? "
                + "order by id desc fetch first 1 rows only").params(action, target.toString()).query().singleRow();
    }

    private static void flipAByte(Path file) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(raw.length() / 2);
            int b = raw.read();
            raw.seek(raw.length() / 2);
            raw.write(b ^ 0x01);
        }
    }

    private static io.custos.identity.CustosUser systemAdmin() {
        return new io.custos.identity.CustosUser(UUID.randomUUID(), "sysadmin", "System administrator", null,
                java.util.Set.of(io.custos.identity.Role.SYSTEM_ADMIN), io.custos.identity.EmployeeStatus.ACTIVE);
    }

    private String newestMigration() {
        return jdbc.sql("select \"version\" from \"flyway_schema_history\" where \"version\" is not null").query(String.class)
                .list().stream().max(java.util.Comparator.comparing(v -> org.flywaydb.core.api.MigrationVersion.fromVersion(v)))
                .orElseThrow();
    }
}
