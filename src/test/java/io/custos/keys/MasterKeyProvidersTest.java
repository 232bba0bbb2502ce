package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;

/** Where the master key comes from, how it rotates, and when the application must refuse to start (R-STO-2). */
class MasterKeyProvidersTest {

    private static final byte[] DATA = "wrapped data key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BINDING = "custos:test".getBytes(StandardCharsets.UTF_8);

    @TempDir Path directory;

    @Test
    void theLocalKeyRotatesKeepingOldKeysAndAnotherInstanceSeesTheRotationOnReload() throws Exception {
        LocalMasterKeyProvider node1 = new LocalMasterKeyProvider(directory, () -> false);
        LocalMasterKeyProvider node2 = new LocalMasterKeyProvider(directory, () -> false);
        int first = node1.primaryKeyId();
        byte[] old = node1.masterKey().encrypt(DATA, BINDING);

        int second = node1.rotate();

        assertThat(second).isNotEqualTo(first).isEqualTo(node1.primaryKeyId());
        assertThat(node1.masterKey().decrypt(old, BINDING)).isEqualTo(DATA);
        byte[] fresh = node1.masterKey().encrypt(DATA, BINDING);
        assertThat(node2.primaryKeyId()).isEqualTo(first);
        assertThatThrownBy(() -> node2.masterKey().decrypt(fresh, BINDING)).isInstanceOf(GeneralSecurityException.class);
        node2.reload();
        assertThat(node2.primaryKeyId()).isEqualTo(second);
        assertThat(node2.masterKey().decrypt(fresh, BINDING)).isEqualTo(DATA);

        // node2 rotates from the file, not from memory, so node1's key is not lost.
        node1.rotate();
        int third = node2.rotate();
        LocalMasterKeyProvider restarted = new LocalMasterKeyProvider(directory, () -> false);
        assertThat(restarted.primaryKeyId()).isEqualTo(third);
        assertThat(restarted.masterKey().decrypt(old, BINDING)).isEqualTo(DATA);
        assertThat(restarted.masterKey().decrypt(fresh, BINDING)).isEqualTo(DATA);
        assertThat(Files.readString(directory.resolve("master.json"))).contains("\"keyId\":" + Integer.toUnsignedString(first));
        assertThat(Files.getPosixFilePermissions(directory.resolve("master.json")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("master.json.tmp")
                    .allMatch(name -> name.equals("master.json") || name.equals("master.json.lock"));
        }
    }

    @Test
    void keysInitCreatesAFileTheOperatorProviderAcceptsWithTheEnvironmentKey() throws Exception {
        String kek = newKek();
        Path file = directory.resolve("operator/master.keyset.json");
        Result created = keysInit(Map.of("CUSTOS_MASTER_KEK", kek), "--keyset-file=" + file);

        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out() + created.err()).doesNotContain(kek);
        assertThat(Files.readString(file)).contains("encryptedKeyset").doesNotContain("keyMaterialType");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        MasterKeyProvider provider = operator(file, null, kek, List.of());
        byte[] wrapped = provider.masterKey().encrypt(DATA, BINDING);
        int rotated = provider.rotate();
        MasterKeyProvider again = operator(file, null, kek, List.of());
        assertThat(again.primaryKeyId()).isEqualTo(rotated);
        assertThat(again.masterKey().decrypt(wrapped, BINDING)).isEqualTo(DATA);
        assertThat(Files.readString(file)).contains("encryptedKeyset").doesNotContain("keyMaterialType");
        assertThat(again.description()).contains(file.toString()).doesNotContain(kek);

        Result overwrite = keysInit(Map.of("CUSTOS_MASTER_KEK", kek), "--keyset-file=" + file);
        assertThat(overwrite.status()).isEqualTo(2);
        assertThat(overwrite.err()).contains("already exists");
        assertThat(operator(file, null, kek, List.of()).primaryKeyId()).isEqualTo(rotated);
    }

    @Test
    void theOperatorProviderRefusesAWrongEnvironmentKeyNamingThePropertyNotTheKey() throws Exception {
        Path file = directory.resolve("master.keyset.json");
        assertThat(keysInit(Map.of("CUSTOS_MASTER_KEK", newKek()), "--keyset-file=" + file).status()).isZero();
        String wrong = newKek();

        assertThatThrownBy(() -> operator(file, null, wrong, List.of()))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.keyset-file", "CUSTOS_MASTER_KEK", "cannot be decrypted")
                .hasMessageNotContaining(wrong);
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> operator(file, null, shortKey, List.of()))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("32 random bytes", "not 16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> operator(file, null, "not base64 at all!", List.of()))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("is not base64").hasNoCause();
    }

    @Test
    void theOperatorProviderOpensAFileEncryptedUnderAKmsKeyThroughAKmsClientBean() throws Exception {
        TestKms kms = new TestKms();
        Path file = directory.resolve("kms.keyset.json");
        Result created = keysInit(Map.of(), "--keyset-file=" + file, "--kek-uri=" + TestKms.URI,
                "--kms-client=" + TestKms.class.getName());
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.out()).contains("custos.keys.master.kek-uri=" + TestKms.URI);

        MasterKeyProvider provider = operator(file, TestKms.URI, null, List.of(TestKms.ofAnotherCloud(), kms));
        byte[] wrapped = provider.masterKey().encrypt(DATA, BINDING);
        assertThat(provider.description()).contains(TestKms.URI);
        assertThat(operator(file, TestKms.URI, null, List.of(kms)).masterKey().decrypt(wrapped, BINDING))
                .isEqualTo(DATA);

        assertThatThrownBy(() -> operator(file, TestKms.URI, null, List.of(TestKms.withAnotherKey())))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.keyset-file", "cannot be decrypted", TestKms.URI);
        assertThatThrownBy(() -> operator(file, TestKms.URI, null, List.of(TestKms.ofAnotherCloud())))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.kek-uri", "no bean of type com.google.crypto.tink.KmsClient");
    }

    @Test
    void refusesToStartWithoutAKeysetFileOrWithBothOrNeitherKeySource() {
        String kek = newKek();
        Path missing = directory.resolve("absent.json");
        assertThatThrownBy(() -> operator(missing, null, kek, List.of()))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.keyset-file", "does not exist", "keys-init");
        assertThatThrownBy(() -> operator(null, null, kek, List.of()))
                .hasMessageContaining("custos.keys.master.keyset-file");
        assertThatThrownBy(() -> operator(missing, TestKms.URI, kek, List.of(new TestKms())))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.kek-uri", "custos.keys.master.kek-base64", "not both")
                .hasMessageNotContaining(kek);
        assertThatThrownBy(() -> operator(missing, null, " ", List.of()))
                .hasMessageContaining("not neither");
        assertThatThrownBy(() -> KeysConfiguration.masterKeyProvider(properties("vault", null, null, null), List.of(), () -> false))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("custos.keys.master.provider must be local or operator");
        assertThat(properties("operator", missing, null, kek).master().toString()).doesNotContain(kek).contains("<set>");
        assertThat(new MasterKeyFailureAnalyzer().analyze(new MasterKeyUnavailableException("custos.keys.master.x")))
                .satisfies(analysis -> assertThat(analysis.getDescription()).isEqualTo("custos.keys.master.x"));
    }

    @Test
    void keysInitNeedsTheEnvironmentKeyAndAFileName() {
        assertThat(keysInit(Map.of(), "--keyset-file=" + directory.resolve("k.json")).err())
                .contains("CUSTOS_MASTER_KEK is not set");
        assertThat(keysInit(Map.of("CUSTOS_MASTER_KEK", newKek())).err()).contains("--keyset-file is required");
        Result unknown = keysInit(Map.of(), "--print-key");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option", "Usage");
        assertThat(keysInit(Map.of(), "--keyset-file=" + directory.resolve("k.json"), "--kek-uri=" + TestKms.URI).err())
                .contains("--kek-uri and --kms-client go together");
        Result notAClient = keysInit(Map.of(), "--keyset-file=" + directory.resolve("k.json"),
                "--kek-uri=" + TestKms.URI, "--kms-client=java.lang.String");
        assertThat(notAClient.status()).isEqualTo(2);
        assertThat(notAClient.err()).contains("is not a com.google.crypto.tink.KmsClient");
        assertThat(Files.exists(directory.resolve("k.json"))).isFalse();
    }

    private MasterKeyProvider operator(Path file, String kekUri, String kekBase64, List<KmsClient> clients) {
        return KeysConfiguration.masterKeyProvider(properties("operator", file, kekUri, kekBase64), clients, () -> false);
    }

    private KeysProperties properties(String provider, Path file, String kekUri, String kekBase64) {
        return new KeysProperties(directory, new KeysProperties.Master(provider, file, kekUri, kekBase64),
                Duration.ofSeconds(5), 200, 10, Duration.ofMinutes(1));
    }

    private static String newKek() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    record Result(int status, String out, String err) {
    }

    private static Result keysInit(Map<String, String> environment, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[options.length + 1];
        args[0] = KeysInitCommand.NAME;
        System.arraycopy(options, 0, args, 1, options.length);
        int status = KeysInitCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A stand-in for a cloud KMS: one local AES-GCM key behind the KmsClient interface operators plug in. */
    static final class TestKms implements KmsClient {

        static final String URI = "test-kms://projects/custos/keys/master";
        /** The KMS's one key, the same for every client instance, as a real KMS's key would be. */
        private static final String KEY = newKek();
        private final String scheme;
        private final Aead aead;

        TestKms() {
            this("test-kms://", KEY);
        }

        private TestKms(String scheme, String key) {
            this.scheme = scheme;
            this.aead = KeyEncryptionKeys.fromBase64(key);
        }

        /** A client of another KMS holding another key under the same name. */
        static TestKms withAnotherKey() {
            return new TestKms("test-kms://", newKek());
        }

        /** Another cloud's client, which must be passed over. */
        static TestKms ofAnotherCloud() {
            return new TestKms("aws-kms://", newKek());
        }

        @Override
        public boolean doesSupport(String keyUri) {
            return keyUri.startsWith(scheme);
        }

        @Override
        public KmsClient withCredentials(String credentialPath) {
            return this;
        }

        @Override
        public KmsClient withDefaultCredentials() {
            return this;
        }

        @Override
        public Aead getAead(String keyUri) throws GeneralSecurityException {
            if (!keyUri.equals(URI)) {
                throw new GeneralSecurityException("unknown key");
            }
            return aead;
        }
    }
}
