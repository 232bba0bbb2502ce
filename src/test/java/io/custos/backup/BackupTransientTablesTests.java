package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.keys.MasterKeyProvider;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;

/**
 * Issue 23: what waits between two requests (import uploads, package passwords) is transient
 * personal data under keys of its own; backups leave those tables out.
 */
@IntegrationTest
class BackupTransientTablesTests {

    @Autowired DataSource dataSource;
    @Autowired MasterKeyProvider master;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    @TempDir Path backups;

    private final UUID upload = UUID.randomUUID();
    private final UUID download = UUID.randomUUID();
    private final String session = UUID.randomUUID().toString();

    @AfterEach
    void removePlantedRows() {
        jdbc.sql("delete from import_upload where id = ?").param(upload).update();
        jdbc.sql("delete from export_password_pending where download_id = ?").param(download).update();
        jdbc.sql("delete from spring_session where primary_id = ?").param(session).update();
    }

    @Test
    void pendingUploadsPasswordsAndPageSessionsAreNotCopied() throws Exception {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long millis = clock.millis();
        jdbc.sql("insert into spring_session (primary_id, session_id, creation_time, last_access_time, "
                + "max_inactive_interval, expiry_time, principal_name) values (?, ?, ?, ?, 1800, ?, 'someone')")
                .params(session, UUID.randomUUID().toString(), millis, millis, millis + 1_800_000).update();
        jdbc.sql("insert into spring_session_attributes (session_primary_id, attribute_name, attribute_bytes) "
                + "values (?, 'SPRING_SECURITY_CONTEXT', ?)").params(session, new byte[] {8}).update();
        jdbc.sql("insert into import_upload (id, owner_id, staged_at, expires_at, format, charset, import_mode, "
                + "total_rows, wrapped_key, preview) values (?, ?, ?, ?, 'CSV', 'UTF-8', 'SKIP_INVALID', 1, 'k', ?)")
                .params(upload, UUID.randomUUID(), now, now.plusMinutes(30), new byte[] {1, 2, 3}).update();
        jdbc.sql("insert into import_upload_part (upload_id, seq, content) values (?, 0, ?)")
                .params(upload, new byte[] {4, 5, 6}).update();
        jdbc.sql("insert into export_password_pending (download_id, package_id, person_id, held_at, expires_at, "
                + "wrapped_key, password) values (?, ?, ?, ?, ?, 'k', ?)")
                .params(download, UUID.randomUUID(), UUID.randomUUID(), now, now.plusMinutes(30), new byte[] {7})
                .update();

        BackupWriter.Written written = new BackupWriter(dataSource, master, clock).write(backups);

        assertThat(written.manifest().tables()).extracting(Manifest.Table::name)
                .contains("customer", "customer_import")
                .doesNotContain("import_upload", "import_upload_part", "export_password_pending", "spring_session",
                        "spring_session_attributes");
        for (String table : BackupFormat.TRANSIENT_TABLES) {
            assertThat(Files.exists(written.folder().resolve(BackupFormat.tableFile(table)))).as(table).isFalse();
        }
        assertThat(BackupVerifier.verify(written.folder(), master).valid()).isTrue();
    }
}
