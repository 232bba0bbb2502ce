package io.custos.keys;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;

/**
 * {@code java -jar custos.jar keys-init --keyset-file=PATH}: creates the operator's master keyset
 * file, encrypted under the key-encryption key in {@code CUSTOS_MASTER_KEK}, or under a KMS key
 * ({@code --kek-uri}, through the {@code KmsClient} class named by {@code --kms-client}), without
 * starting Custos. Never overwrites a file and never prints a key. Exit status 0 = created, 2 = not.
 */
public final class KeysInitCommand {

    public static final String NAME = "keys-init";
    static final String KEK_VARIABLE = "CUSTOS_MASTER_KEK";

    private static final String USAGE = """
            Usage: CUSTOS_MASTER_KEK=<32 random bytes, base64> java -jar custos.jar keys-init --keyset-file=PATH
                   java -jar custos.jar keys-init --keyset-file=PATH --kek-uri=URI --kms-client=CLASS
              Creates a new master keyset at PATH, encrypted under CUSTOS_MASTER_KEK (make one with
              'openssl rand -base64 32' and keep it apart from the file and the database), or under the
              KMS key URI (e.g. gcp-kms://..., aws-kms://...) through the com.google.crypto.tink.KmsClient
              class CLASS (e.g. com.google.crypto.tink.integration.gcpkms.GcpKmsClient), which must be
              on the class path and use the machine's default credentials.
              Then start Custos with custos.keys.master.provider=operator,
              custos.keys.master.keyset-file=PATH and the same CUSTOS_MASTER_KEK or custos.keys.master.kek-uri.
            Exit status: 0 created, 2 not created (the file exists, or an option or the key is wrong).""";

    private KeysInitCommand() {
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path file = null;
        String kekUri = null;
        String kmsClient = null;
        for (String arg : args) {
            if (arg.equals(NAME)) {
                continue;
            } else if (arg.startsWith("--keyset-file=") && arg.length() > "--keyset-file=".length()) {
                file = Path.of(arg.substring("--keyset-file=".length()));
            } else if (arg.startsWith("--kek-uri=")) {
                kekUri = arg.substring("--kek-uri=".length());
            } else if (arg.startsWith("--kms-client=")) {
                kmsClient = arg.substring("--kms-client=".length());
            } else {
                err.println(arg.equals("--help") ? "" : "Unknown option: " + arg.split("=", 2)[0]);
                err.println(USAGE);
                return 2;
            }
        }
        if (file == null) {
            err.println("--keyset-file is required");
            err.println(USAGE);
            return 2;
        }
        String kek = environment.getOrDefault(KEK_VARIABLE, "");
        if ((kekUri == null) != (kmsClient == null)) {
            err.println("--kek-uri and --kms-client go together");
            return 2;
        }
        if (kekUri == null && kek.isBlank()) {
            err.println(KEK_VARIABLE + " is not set: it must hold the key-encryption key, 32 random bytes in base64");
            return 2;
        }
        String source = kekUri == null ? KEK_VARIABLE : "the KMS key " + kekUri;
        try {
            Aead aead = kekUri == null ? KeyEncryptionKeys.fromBase64(kek) : fromKms(kekUri, kmsClient);
            OperatorMasterKeyProvider.createKeysetFile(file, aead);
        } catch (MasterKeyUnavailableException | IOException | GeneralSecurityException e) {
            err.println("No keyset created: " + e.getMessage());
            return 2;
        }
        out.println("Created the master keyset " + file.toAbsolutePath() + " (owner-only), encrypted under "
                + source + ".");
        out.println("Start Custos with custos.keys.master.provider=operator, custos.keys.master.keyset-file="
                + file.toAbsolutePath() + (kekUri == null ? " and the same " + KEK_VARIABLE
                        : " and custos.keys.master.kek-uri=" + kekUri + " (with a KmsClient bean)")
                + ". Back up the file apart from the key and from the database.");
        return 0;
    }

    /** The operator names the client class: this command has no Spring context to find a bean in. */
    private static Aead fromKms(String kekUri, String className) {
        KmsClient client;
        try {
            Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(instance instanceof KmsClient kms)) {
                throw new MasterKeyUnavailableException(className + " is not a com.google.crypto.tink.KmsClient");
            }
            client = kms.withDefaultCredentials();
        } catch (ReflectiveOperationException | GeneralSecurityException | LinkageError e) {
            throw new MasterKeyUnavailableException("--kms-client " + className + " cannot be used: " + e, e);
        }
        return KeyEncryptionKeys.fromKms(kekUri, List.of(client));
    }
}
