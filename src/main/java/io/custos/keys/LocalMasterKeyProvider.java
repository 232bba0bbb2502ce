package io.custos.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * The default master key: an AES256-GCM Tink keyset in {@code <directory>/master.json}, created on
 * first start and readable by the owner only. Convenient for a laptop; in production anyone who can
 * copy the data folder could copy this file too, hence the warning at every start.
 */
final class LocalMasterKeyProvider extends FileMasterKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(LocalMasterKeyProvider.class);

    /**
     * @param keysExist asked only when the file is missing: whether the database already holds keys
     *        that a master key wraps, in which case a new key would be the wrong one
     */
    LocalMasterKeyProvider(Path directory, BooleanSupplier keysExist) {
        super(directory.resolve("master.json"));
        if (!Files.exists(file)) {
            if (keysExist.getAsBoolean()) {
                throw new MasterKeyUnavailableException("The master keyset file " + file + " is missing, but the "
                        + "database already holds keys wrapped by a master key; a new one would open none of them, "
                        + "so none was made. Put back the master.json from the backup of this installation (or "
                        + "point custos.keys.directory at the folder that holds it), then start again");
            }
            create();
        }
        load();
        log.warn("Master key read from the local file {}: fine for trying Custos, not for production, where the "
                + "master key must come from a KMS or an operator-supplied key (see docs/operations.md)", file);
    }

    @Override
    KeysetHandle parse(String content) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.parseKeyset(content, InsecureSecretKeyAccess.get());
    }

    @Override
    String serialize(KeysetHandle handle) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    }

    @Override
    RuntimeException unusable(String reason, Exception cause) {
        return new IllegalStateException("The master keyset " + file + " " + reason, cause);
    }

    @Override
    public String description() {
        return "local keyset file " + file;
    }

    private void create() {
        try {
            if (createNew(file, serialize(newKeyset()))) {
                log.warn("Created a new local master keyset {}; back it up apart from the database: without it no "
                        + "wrapped key, and so no encrypted value, can be read", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the master keyset " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the master keyset " + file, e);
        }
    }
}
