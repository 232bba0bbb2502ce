package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.custos.support.IntegrationTest;

/**
 * Issue 13.14: with {@code master.json} deleted, a start over a database that already holds wrapped
 * keys used to write a new, wrong master key and only then fail. It must refuse without making one,
 * saying what to put back; a database that never held keys still gets its first key.
 */
@IntegrationTest
class MissingMasterKeyTests {

    @Autowired DataSource database;
    @Autowired DataKeys dataKeys;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactions;
    @TempDir Path directory;

    @Test
    void refusesToMakeANewMasterKeyOverADatabaseThatHoldsKeysAndSaysWhatToPutBack() {
        // The running application's database holds the data key of a customer (or of an employee's second factor).
        new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(status -> dataKeys.create(java.util.UUID.randomUUID()));
        assertThat(ExistingKeys.present(database)).isTrue();

        assertThatThrownBy(() -> KeysConfiguration.masterKeyProvider(local(), List.of(),
                () -> ExistingKeys.present(database)))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .satisfies(e -> {
                    FailureAnalysis analysis = new MasterKeyFailureAnalyzer().analyze(e);
                    assertThat(analysis.getDescription()).contains(directory.resolve("master.json").toString(),
                            "missing", "database already holds keys", "Put back the master.json");
                    assertThat(analysis.getAction()).contains("put back the master keyset file");
                });
        assertThat(Files.exists(directory.resolve("master.json"))).isFalse();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void makesTheFirstMasterKeyForADatabaseWithoutKeys() {
        JdbcDataSource fresh = new JdbcDataSource();
        fresh.setURL("jdbc:h2:mem:fresh-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        assertThat(ExistingKeys.present(fresh)).isFalse();

        MasterKeyProvider provider = KeysConfiguration.masterKeyProvider(local(), List.of(),
                () -> ExistingKeys.present(fresh));

        assertThat(provider.primaryKeyId()).isNotZero();
        assertThat(Files.exists(directory.resolve("master.json"))).isTrue();
    }

    private KeysProperties local() {
        return new KeysProperties(directory, new KeysProperties.Master("local", null, null, null),
                Duration.ofSeconds(5), 200, 10, Duration.ofMinutes(1));
    }
}
