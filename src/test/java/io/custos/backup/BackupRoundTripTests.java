package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import io.custos.identity.Role;
import io.custos.keys.BackupKeys;
import io.custos.keys.MasterKeyProvider;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.ScratchDatabase;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * A backup holds every table and restores into an empty database with every row (R-STO-3, issue 17.1,
 * 17.3); damage of any kind is found and named with its file (17.2); bad input is refused without a
 * half-written result (17.7).
 */
@IntegrationTest
class BackupRoundTripTests {

    @Autowired DataSource dataSource;
    @Autowired MasterKeyProvider master;
    @Autowired MutableClock clock;
    @Autowired MockMvc mvc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;

    @TempDir Path backups;

    @BeforeEach
    void someCustomers() throws Exception {
        UUID department = accounts.department("B" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE);
        String token = Api.token(mvc, owner, clock.instant());
        for (int i = 0; i < 3; i++) {
            RetentionFixture.customer(mvc, token, "Backup Trading " + i);
        }
    }

    @Test
    void restoresEveryRowOfEveryTableIntoAnEmptyDatabase() throws Exception {
        BackupWriter.Written written = new BackupWriter(dataSource, master, clock).write(backups);
        assertThat(written.folder().getFileName().toString()).startsWith("custos-backup-");
        assertThat(BackupVerifier.verify(written.folder(), master).valid()).isTrue();
        Map<String, Long> source = counts(dataSource);
        source.remove(BackupFormat.FLYWAY_TABLE);
        // Nor the job locks: a restored copy of a lock held while the backup was taken would block backups.
        source.remove(BackupFormat.LOCK_TABLE);
        // Nor what waits between two requests (issue 23).
        source.keySet().removeAll(BackupFormat.TRANSIENT_TABLES);
        assertThat(written.manifest().tables()).extracting(Manifest.Table::name)
                .containsExactlyInAnyOrderElementsOf(source.keySet());
        assertThat(source.get("customer")).isGreaterThanOrEqualTo(3);
        assertThat(written.manifest().chains()).isNotEmpty();

        try (ScratchDatabase target = ScratchDatabase.create()) {
            BackupRestorer.Restored restored = BackupRestorer.restore(written.folder(), master, target.dataSource(),
                    BackupRestorer.Options.intoEmpty());
            Map<String, Long> copy = counts(target.dataSource());
            copy.remove(BackupFormat.FLYWAY_TABLE);
            // Every table as the manifest says, which is every table of the source at the snapshot.
            for (Manifest.Table table : written.manifest().tables()) {
                assertThat(copy.get(table.name())).as(table.name()).isEqualTo(table.rows());
            }
            assertThat(restored.rows()).isEqualTo(written.manifest().rows());
            assertThat(sameRows(dataSource, target.dataSource(), "select owner_id, wrapped_keyset, created_at "
                    + "from data_key order by owner_id")).isTrue();
            assertThat(sameRows(dataSource, target.dataSource(), "select customer_id, field_key, ciphertext, "
                    + "blind_index from customer_value order by customer_id, field_key")).isTrue();
            // Identity columns go on after the restored ids: a new audit event does not collide.
            try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
                long max;
                try (ResultSet rs = s.executeQuery("select max(id) from audit_event")) {
                    rs.next();
                    max = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery("select column_name from information_schema.columns where "
                        + "lower(table_name) = 'audit_event' and is_identity = 'YES'")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(max).isPositive();
            }

            // A second restore over it is refused, then allowed only with the database's own name.
            assertThatThrownBy(() -> BackupRestorer.restore(written.folder(), master, target.dataSource(),
                    BackupRestorer.Options.intoEmpty())).isInstanceOfSatisfying(BackupException.class,
                            e -> assertThat(e.problem()).isEqualTo(BackupException.Problem.TARGET_NOT_EMPTY));
            assertThatThrownBy(() -> BackupRestorer.restore(written.folder(), master, target.dataSource(),
                    new BackupRestorer.Options(true, "some_other_db", true)))
                    .isInstanceOfSatisfying(BackupException.class,
                            e -> assertThat(e.problem()).isEqualTo(BackupException.Problem.TARGET_NOT_EMPTY));
            assertThat(counts(target.dataSource()).get("customer")).isEqualTo(source.get("customer"));
            BackupRestorer.restore(written.folder(), master, target.dataSource(),
                    new BackupRestorer.Options(true, target.databaseName(), true));
            assertThat(counts(target.dataSource()).get("customer")).isEqualTo(source.get("customer"));
        }
    }

    @Test
    void aChangedByteAnywhereIsFoundAndNamedWithItsFile() throws Exception {
        Path folder = new BackupWriter(dataSource, master, clock).write(backups).folder();
        flipByte(folder.resolve("tables/customer_value.jsonl.gz.sealed"), 100);
        BackupVerifier.Verification verification = BackupVerifier.verify(folder, master);
        assertThat(verification.valid()).isFalse();
        assertThat(verification.problems()).extracting(BackupVerifier.Problem::file)
                .containsExactly("tables/customer_value.jsonl.gz.sealed");

        Path second = new BackupWriter(dataSource, master, clock).write(backups).folder();
        Path manifest = second.resolve(BackupFormat.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"rows\" : (\\d)", "\"rows\" : 9$1"));
        assertThat(BackupVerifier.verify(second, master).problems()).extracting(BackupVerifier.Problem::file)
                .containsExactly(BackupFormat.MANIFEST);

        Path third = new BackupWriter(dataSource, master, clock).write(backups).folder();
        Path audit = third.resolve("tables/audit_event.jsonl.gz.sealed");
        try (FileChannel channel = FileChannel.open(audit, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 40);
        }
        assertThat(BackupVerifier.verify(third, master).problems()).extracting(BackupVerifier.Problem::file)
                .containsExactly("tables/audit_event.jsonl.gz.sealed");
        // And a restore of the damaged backup leaves the target as empty as it found it.
        try (ScratchDatabase target = ScratchDatabase.create()) {
            assertThatThrownBy(() -> BackupRestorer.restore(third, master, target.dataSource(),
                    BackupRestorer.Options.intoEmpty())).isInstanceOfSatisfying(BackupException.class,
                            e -> assertThat(e.problem()).isEqualTo(BackupException.Problem.DAMAGED));
            assertThat(counts(target.dataSource())).isEmpty();
        }
    }

    @Test
    void anotherInstallationsMasterKeyOpensNothing(@TempDir Path otherKeys) throws Exception {
        Path folder = new BackupWriter(dataSource, master, clock).write(backups).folder();
        KeysetHandle other = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        Files.writeString(otherKeys.resolve("master.json"), TinkJsonProtoKeysetFormat.serializeKeyset(other,
                InsecureSecretKeyAccess.get()));
        MasterKeyProvider wrong = BackupKeys.masterKey(new MockEnvironment()
                .withProperty("custos.keys.directory", otherKeys.toString()));
        assertThat(BackupVerifier.verify(folder, wrong).problems()).extracting(BackupVerifier.Problem::kind)
                .containsExactly("WRONG_KEY");
        try (ScratchDatabase target = ScratchDatabase.create()) {
            assertThatThrownBy(() -> BackupRestorer.restore(folder, wrong, target.dataSource(),
                    BackupRestorer.Options.intoEmpty())).isInstanceOfSatisfying(BackupException.class,
                            e -> assertThat(e.problem()).isEqualTo(BackupException.Problem.WRONG_KEY));
            assertThat(counts(target.dataSource())).isEmpty();
        }
    }

    @Test
    void aBackupFromANewerSchemaIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (ScratchDatabase newer = ScratchDatabase.create(); ScratchDatabase target = ScratchDatabase.create()) {
            Path folder = new BackupWriter(dataSource, master, clock).write(backups).folder();
            BackupRestorer.restore(folder, master, newer.dataSource(), BackupRestorer.Options.intoEmpty());
            try (Connection c = newer.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("insert into \"flyway_schema_history\" (\"installed_rank\", \"version\", "
                        + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\", "
                        + "\"execution_time\", \"success\") values (9999, '9999', 'from the future', 'SQL', "
                        + "'V9999__future.sql', 0, 'test', current_timestamp, 0, true)");
            }
            Path fromTheFuture = new BackupWriter(newer.dataSource(), master, clock).write(backups).folder();
            assertThat(BackupRestorer.inspect(fromTheFuture, master).schemaVersion()).isEqualTo("9999");
            assertThatThrownBy(() -> BackupRestorer.restore(fromTheFuture, master, target.dataSource(),
                    BackupRestorer.Options.intoEmpty())).isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.problem()).isEqualTo(BackupException.Problem.NEWER_SCHEMA);
                        assertThat(e.getMessage()).contains("newer version of Custos");
                    });
            assertThat(counts(target.dataSource())).isEmpty();
        }
    }

    @Test
    void aDiskThatFillsUpLeavesNoBackupBehind() throws Exception {
        long[] written = {0};
        BackupWriter.Sink fills = file -> new java.io.FilterOutputStream(Files.newOutputStream(file)) {
            @Override
            public void write(int b) throws IOException {
                if (++written[0] > 20_000) {
                    throw new IOException("No space left on device");
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
        assertThatThrownBy(() -> new BackupWriter(dataSource, master, clock, fills).write(backups))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.problem()).as(e.getMessage()).isEqualTo(BackupException.Problem.STORAGE);
                    assertThat(e.getMessage()).contains("No space left on device").contains("removed");
                });
        try (var left = Files.list(backups)) {
            assertThat(left).isEmpty();
        }
    }

    static Map<String, Long> counts(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, String> table : DatabaseSchema.tables(c).entrySet()) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select count(*) from " + DatabaseSchema.quote(table.getValue()))) {
                    rs.next();
                    counts.put(table.getKey(), rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static boolean sameRows(DataSource a, DataSource b, String sql) throws SQLException {
        return rows(a, sql).equals(rows(b, sql));
    }

    private static java.util.List<java.util.List<Object>> rows(DataSource dataSource, String sql) throws SQLException {
        java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                java.util.List<Object> row = new java.util.ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, at);
        }
    }
}
