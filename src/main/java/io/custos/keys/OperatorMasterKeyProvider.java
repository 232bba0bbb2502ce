package io.custos.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * The production master key: a keyset file the operator created with {@code keys-init}, itself
 * encrypted under a key-encryption key from a KMS or from the environment. A copy of the data
 * folder, or of the database and this file together, holds no usable key without the KEK.
 */
final class OperatorMasterKeyProvider extends FileMasterKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(OperatorMasterKeyProvider.class);

    static final String FILE_PROPERTY = "custos.keys.master.keyset-file";
    /** Binds the file's ciphertext to its purpose, so no other Tink ciphertext under the KEK passes for it. */
    private static final byte[] ASSOCIATED_DATA = "custos:master-keyset".getBytes(StandardCharsets.UTF_8);

    private final Aead kek;
    private final String kekSource;

    OperatorMasterKeyProvider(Path file, Aead kek, String kekSource) {
        super(file);
        this.kek = kek;
        this.kekSource = kekSource;
        if (!Files.isRegularFile(file)) {
            throw new MasterKeyUnavailableException(FILE_PROPERTY + ": " + file + " does not exist; create it with "
                    + "'java -jar custos.jar keys-init --keyset-file=" + file + "' (docs/operations.md, Keys)");
        }
        load();
        log.info("Master key read from {}", description());
    }

    /** Creates the keyset file {@code keys-init} hands to the operator; refuses to overwrite one. */
    static void createKeysetFile(Path file, Aead kek) throws IOException, GeneralSecurityException {
        String content = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(newKeyset(), kek, ASSOCIATED_DATA);
        if (!createNew(file, content)) {
            throw new IOException(file + " already exists; it is left unchanged");
        }
    }

    @Override
    KeysetHandle parse(String content) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(content, kek, ASSOCIATED_DATA);
    }

    @Override
    String serialize(KeysetHandle handle) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kek, ASSOCIATED_DATA);
    }

    @Override
    RuntimeException unusable(String reason, Exception cause) {
        String why = cause instanceof GeneralSecurityException
                ? " cannot be decrypted with the key-encryption key from " + kekSource
                        + ": it is not the key the file was written with, or the file is damaged"
                : " " + reason;
        return new MasterKeyUnavailableException(FILE_PROPERTY + ": " + file + why, cause);
    }

    @Override
    public String description() {
        return "operator keyset file " + file + " (key-encryption key from " + kekSource + ")";
    }
}
