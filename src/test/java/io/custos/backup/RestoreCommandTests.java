package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.CustosApplication;
import io.custos.customer.CustomerErasure;
import io.custos.identity.Role;
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
 * {@code java -jar custos.jar restore}: a customer destroyed after the backup was taken stays
 * destroyed after the restore, and the audit log verifies (issue 17.3, R-STO-3, R-DEL-3).
 */
@IntegrationTest
class RestoreCommandTests {

    @Autowired DataSource dataSource;
    @Autowired MasterKeyProvider master;
    @Autowired MutableClock clock;
    @Autowired MockMvc mvc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired CustomerErasure erasure;
    @Autowired TransactionTemplate transactions;
    @Autowired Environment environment;
    @Autowired Backups backups;

    @Test
    void aCustomerDestroyedAfterTheBackupStaysDestroyedAndTheAuditLogVerifies(@TempDir Path backups,
            @TempDir Path node) throws Exception {
        UUID department = accounts.department("R" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE);
        String token = Api.token(mvc, owner, clock.instant());
        UUID kept = RetentionFixture.customer(mvc, token, "Kept Trading");
        UUID doomed = RetentionFixture.customer(mvc, token, "Doomed Trading");
        Path folder = new BackupWriter(dataSource, master, clock).write(backups).folder();

        // Destroyed after the backup, as a batch's chunk does; the journal is written after the commit.
        transactions.executeWithoutResult(status -> erasure.erase(List.of(doomed), UUID.randomUUID()));
        Path journal = Path.of(environment.getRequiredProperty("custos.customer.destruction-journal"));
        assertThat(Files.readString(journal)).contains(doomed.toString());
        // The node's files, as an operator restoring on this machine has them.
        Path checkpoints = node.resolve("checkpoints.log");
        Path live = Path.of(environment.getRequiredProperty("custos.audit.checkpoint-file"));
        if (Files.exists(live)) {
            Files.copy(live, checkpoints);
        }

        try (ScratchDatabase target = ScratchDatabase.create()) {
            Result restore = restore(target, folder, journal, checkpoints, node);
            assertThat(restore.code).as(restore.out + restore.err).isZero();
            assertThat(restore.out).contains("1 customer(s) destroyed after the backup was taken were destroyed again")
                    .contains("Audit log: VALID").contains("RESTORED");

            JdbcClient restored = JdbcClient.create(target.dataSource());
            assertThat(restored.sql("select count(*) from customer where id = ? and destroyed_at is not null")
                    .param(doomed).query(Long.class).single()).isEqualTo(1);
            assertThat(restored.sql("select count(*) from customer_value where customer_id = ?").param(doomed)
                    .query(Long.class).single()).isZero();
            assertThat(restored.sql("select count(*) from data_key where owner_id = ? and wrapped_keyset is not null")
                    .param(doomed).query(Long.class).single()).isZero();
            assertThat(restored.sql("select count(*) from customer where id = ? and destroyed_at is null")
                    .param(kept).query(Long.class).single()).isEqualTo(1);
            assertThat(restored.sql("select count(*) from data_key where owner_id = ? and wrapped_keyset is not null")
                    .param(kept).query(Long.class).single()).isEqualTo(1);
            assertThat(restored.sql("select count(*) from audit_event where action = 'backup.restored'")
                    .query(Long.class).single()).isEqualTo(1);

            // Over a database that now holds something: refused, and nothing changes.
            Result again = restore(target, folder, journal, checkpoints, node);
            assertThat(again.code).isEqualTo(2);
            assertThat(again.err).contains("Nothing was restored").contains("is not empty").contains("--force");
            assertThat(restored.sql("select count(*) from audit_event where action = 'backup.restored'")
                    .query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void theRestoredBackupIsListedAsCompleteNotAsInterrupted(@TempDir Path node) throws Exception {
        BackupRecord taken = backups.backUp(BackupTrigger.MANUAL, null, io.custos.shared.Actor.system("test"), false,
                new java.util.concurrent.CompletableFuture<>()).orElseThrow();
        assertThat(taken.status()).isEqualTo(BackupStatus.DONE);
        Path directory = Path.of(environment.getRequiredProperty("custos.backup.directory"));
        Path folder = directory.resolve(taken.folder());
        Path journal = node.resolve("destructions.log");
        try (ScratchDatabase target = ScratchDatabase.create()) {
            Result restore = restore(target, folder, journal, node.resolve("checkpoints.log"), node,
                    "--custos.backup.directory=" + directory);
            assertThat(restore.code).as(restore.out + restore.err).isZero();
            // The snapshot holds its own record as RUNNING; the restore completes it with its folder.
            JdbcClient restored = JdbcClient.create(target.dataSource());
            assertThat(restored.sql("select status, folder from backup_record where id = ?").param(taken.id())
                    .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).single())
                    .isEqualTo("DONE " + taken.folder());
        }
    }

    record Result(int code, String out, String err) {
    }

    private Result restore(ScratchDatabase target, Path folder, Path journal, Path checkpoints, Path node,
            String... more) {
        String[] connection = target.connection();
        List<String> args = new ArrayList<>(List.of("restore", "--from", folder.toString(),
                "--" + TestDatabaseInitializer.AS_GIVEN + "=true",
                "--spring.datasource.url=" + connection[0],
                "--spring.datasource.username=" + connection[1],
                "--spring.datasource.password=" + connection[2],
                "--custos.keys.directory=" + environment.getRequiredProperty("custos.keys.directory"),
                "--custos.audit.checkpoint-file=" + checkpoints,
                "--custos.audit.archive-directory=" + archives(),
                "--custos.customer.destruction-journal=" + journal,
                "--logging.file.name=" + node.resolve("custos.log")));
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RestoreCommand.run(args.toArray(String[]::new), CustosApplication.class,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** This installation's archive files: the restored log names them, as it would on the same machine. */
    private String archives() {
        return environment.getRequiredProperty("custos.audit.archive-directory");
    }
}
