package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The master key file and the signing keys it wraps (R-STO-1, R-STO-2). */
class SignaturesTest {

    @TempDir Path directory;
    JdbcClient jdbc;
    DataSourceTransactionManager transactions;

    @BeforeEach
    void database() {
        DataSource dataSource = new SingleConnectionDataSource("jdbc:h2:mem:keys_" + System.nanoTime(), true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2").load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @Test
    void createsTheMasterKeyFileForItsOwnerOnlyAndReusesIt() throws Exception {
        new LocalMasterKeyProvider(directory, () -> false);
        Path file = directory.resolve("master.json");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        String first = Files.readString(file);
        new LocalMasterKeyProvider(directory, () -> false);
        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void storesTheSigningKeyOnlyWrappedAndItsSignaturesVerifyWithTheExportedPublicKey() {
        Signatures signatures = new Signatures(jdbc, new LocalMasterKeyProvider(directory, () -> false), Clock.systemUTC(),
                transactions);
        byte[] data = "checkpoint".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signatures.sign("audit-checkpoints", data);

        SignatureVerifier verifier = SignatureVerifier.of(signatures.publicKeyset("audit-checkpoints"));
        assertThat(verifier.verifies(signature, data)).isTrue();
        assertThat(verifier.verifies(signature, "another".getBytes(StandardCharsets.UTF_8))).isFalse();
        String stored = jdbc.sql("select encrypted_keyset from managed_keyset where name = 'audit-checkpoints'")
                .query(String.class).single();
        assertThat(stored).contains("encryptedKeyset").doesNotContain("privateKey", "keyValue");
        assertThat(signatures.publicKeyset("audit-checkpoints")).doesNotContain("privateKey");

        Signatures again = new Signatures(jdbc, new LocalMasterKeyProvider(directory, () -> false), Clock.systemUTC(), transactions);
        again.checkStoredKeysets();
        assertThat(verifier.verifies(again.sign("audit-checkpoints", data), data)).isTrue();
    }

    @Test
    void refusesToStartWithAnotherMasterKeyThanTheOneTheKeysWereWrappedWith() {
        new Signatures(jdbc, new LocalMasterKeyProvider(directory, () -> false), Clock.systemUTC(), transactions)
                .sign("audit-checkpoints", new byte[] {1});
        Signatures withOtherMasterKey = new Signatures(jdbc, new LocalMasterKeyProvider(directory.resolve("other"), () -> false),
                Clock.systemUTC(), transactions);
        assertThatThrownBy(withOtherMasterKey::checkStoredKeysets)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audit-checkpoints", "restore the master key");
    }

    @Test
    void aPublicKeysetWithASecretOrGarbageIsNotAVerifier() {
        assertThatThrownBy(() -> SignatureVerifier.of("{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureVerifier.of("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
