package io.custos.keys;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * {@code java -jar custos.jar keys-init --keyset-file=PATH}: creates the operator's master keyset
 * file, encrypted under the key-encryption key in {@code CUSTOS_MASTER_KEK}, without starting
 * Custos. Never overwrites a file and never prints a key. Exit status 0 = created, 2 = not created.
 */
public final class KeysInitCommand {

    public static final String NAME = "keys-init";
    static final String KEK_VARIABLE = "CUSTOS_MASTER_KEK";

    private static final String USAGE = """
            Usage: CUSTOS_MASTER_KEK=<32 random bytes, base64> java -jar custos.jar keys-init --keyset-file=PATH
              Creates a new master keyset at PATH, encrypted under CUSTOS_MASTER_KEK (make one with
              'openssl rand -base64 32' and keep it apart from the file and the database).
              Then start Custos with custos.keys.master.provider=operator,
              custos.keys.master.keyset-file=PATH and the same CUSTOS_MASTER_KEK.
            Exit status: 0 created, 2 not created (the file exists, or an option or the key is wrong).""";

    private KeysInitCommand() {
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path file = null;
        for (String arg : args) {
            if (arg.equals(NAME)) {
                continue;
            } else if (arg.startsWith("--keyset-file=") && arg.length() > "--keyset-file=".length()) {
                file = Path.of(arg.substring("--keyset-file=".length()));
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
        if (kek.isBlank()) {
            err.println(KEK_VARIABLE + " is not set: it must hold the key-encryption key, 32 random bytes in base64");
            return 2;
        }
        try {
            OperatorMasterKeyProvider.createKeysetFile(file, KeyEncryptionKeys.fromBase64(kek));
        } catch (MasterKeyUnavailableException | IOException | GeneralSecurityException e) {
            err.println("No keyset created: " + e.getMessage());
            return 2;
        }
        out.println("Created the master keyset " + file.toAbsolutePath() + " (owner-only), encrypted under "
                + KEK_VARIABLE + ".");
        out.println("Start Custos with custos.keys.master.provider=operator, custos.keys.master.keyset-file="
                + file.toAbsolutePath() + " and the same " + KEK_VARIABLE + ". Back up the file and the key "
                + "apart from each other and from the database.");
        return 0;
    }
}
