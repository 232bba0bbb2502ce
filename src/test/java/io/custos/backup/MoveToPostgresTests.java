package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.CustosApplication;
import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.keys.MasterKeyProvider;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.ScratchDatabase;
import io.custos.support.TestAccounts;
import io.custos.support.TestDatabaseInitializer;
import io.custos.training.PolicyDocuments;

/**
 * Moving from the embedded database to PostgreSQL (issue 17.6, R-X-3): an H2 installation's backup
 * restores into PostgreSQL with every table's row count, and Custos started on it decrypts the same
 * values with the same keys. Runs in the PostgreSQL stage (-Ppostgres), which has both engines.
 */
@IntegrationTest
class MoveToPostgresTests {

    @Autowired DataSource dataSource;
    @Autowired MasterKeyProvider master;
    @Autowired MutableClock clock;
    @Autowired MockMvc mvc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired Environment environment;
    @Autowired DataKeys keys;

    @Test
    void anEmbeddedInstallationMovesToPostgresqlWithEveryRowAndTheSameKeys(@TempDir Path backups, @TempDir Path node)
            throws Exception {
        assumeTrue(TestDatabaseInitializer.onPostgres(), "needs PostgreSQL: runs with -Ppostgres");
        UUID department = accounts.department("M" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE);
        String token = Api.token(mvc, owner, clock.instant());
        UUID customer = RetentionFixture.customer(mvc, token, "Moving Trading");

        try (ScratchDatabase h2 = ScratchDatabase.h2(); ScratchDatabase postgres = ScratchDatabase.postgres()) {
            // An embedded installation: this one's data, in H2.
            Path first = new BackupWriter(dataSource, master, clock).write(backups).folder();
            BackupRestorer.restore(first, master, h2.dataSource(), BackupRestorer.Options.intoEmpty());
            Map<String, Long> embedded = BackupRoundTripTests.counts(h2.dataSource());
            assertThat(embedded.get("customer")).isPositive();

            // Its backup, restored into PostgreSQL by the command an operator runs.
            Path fromH2 = new BackupWriter(h2.dataSource(), master, clock).write(backups).folder();
            assertThat(BackupRestorer.inspect(fromH2, master).database()).isEqualTo("H2");
            String[] pg = postgres.connection();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = RestoreCommand.run(new String[] {"restore", "--from", fromH2.toString(),
                    "--" + TestDatabaseInitializer.AS_GIVEN + "=true", "--spring.datasource.url=" + pg[0],
                    "--spring.datasource.username=" + pg[1], "--spring.datasource.password=" + pg[2],
                    "--custos.keys.directory=" + environment.getRequiredProperty("custos.keys.directory"),
                    "--custos.audit.checkpoint-file=" + node.resolve("checkpoints.log"),
                    "--custos.audit.archive-directory=" + archives(),
                    "--custos.customer.destruction-journal=" + node.resolve("destructions.log"),
                    "--logging.file.name=" + node.resolve("custos.log")}, CustosApplication.class,
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();

            // Every table as many rows as in H2, but for what the restore itself recorded, and the locks
            // its scheduled jobs took while it ran (runtime state, never copied).
            Map<String, Long> moved = BackupRoundTripTests.counts(postgres.dataSource());
            for (Map.Entry<String, Long> table : embedded.entrySet()) {
                if (List.of("audit_event", "audit_chain", "audit_checkpoint", "event_publication",
                        BackupFormat.FLYWAY_TABLE, BackupFormat.LOCK_TABLE).contains(table.getKey())) {
                    continue;
                }
                assertThat(moved.get(table.getKey())).as(table.getKey()).isEqualTo(table.getValue());
            }
            // The audit log holds every event of H2 and the restore's own, and verified (exit status 0).
            assertThat(moved.get("audit_event")).isGreaterThan(embedded.get("audit_event"));

            // What PostgreSQL holds is what was written, to the byte: the customer's value and its data key
            // wrapped by the same master key, which this installation's keys open (the CI backup cycle starts
            // the real jar on the moved database and reads the values through the API as well).
            String[] row = {"select ciphertext from customer_value where customer_id = ? and field_key = 'phone'",
                "select wrapped_keyset from data_key where owner_id = ?"};
            for (String sql : row) {
                assertThat(JdbcClient.create(postgres.dataSource()).sql(sql).param(customer).query(String.class)
                        .single()).as(sql).isEqualTo(JdbcClient.create(dataSource).sql(sql).param(customer)
                                .query(String.class).single());
            }
            String ciphertext = JdbcClient.create(postgres.dataSource()).sql(row[0]).param(customer)
                    .query(String.class).single();
            assertThat(keys.decrypt(customer, "phone", ciphertext)).isEqualTo(RetentionFixture.PHONE);
        }
    }

    /** This installation's archive files: the restored log names them, as it would on the same machine. */
    private String archives() {
        return environment.getRequiredProperty("custos.audit.archive-directory");
    }
}
