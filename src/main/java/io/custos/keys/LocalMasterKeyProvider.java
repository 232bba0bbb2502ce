package io.custos.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * The default master key: an AES256-GCM Tink keyset in {@code <directory>/master.json}, created on
 * first start and readable by the owner only. Convenient for a laptop; in production anyone who can
 * copy the data folder could copy this file too, hence the warning at every start.
 */
final class LocalMasterKeyProvider implements MasterKeyProvider {

    private static final Logger log = LoggerFactory.getLogger(LocalMasterKeyProvider.class);

    private final Path file;
    private final Aead aead;

    LocalMasterKeyProvider(Path directory) {
        TinkSetup.register();
        this.file = directory.resolve("master.json");
        try {
            KeysetHandle handle = Files.exists(file) ? read(file) : create(file);
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset " + file + " cannot be used", e);
        }
        log.warn("Master key read from the local file {}: fine for trying Custos, not for production, where the "
                + "master key must come from a KMS or an operator-supplied key (see docs/operations.md)", file);
    }

    @Override
    public Aead masterKey() {
        return aead;
    }

    @Override
    public String description() {
        return "local keyset file " + file;
    }

    private static KeysetHandle read(Path file) throws GeneralSecurityException {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master keyset " + file, e);
        }
    }

    private static KeysetHandle create(Path file) throws GeneralSecurityException {
        KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "master", ".tmp");
            ownerOnly(temporary);
            Files.writeString(temporary, json, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            try {
                // Never overwrite: two nodes starting at once must not each mint a key for the same data.
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException lostTheRace) {
                Files.delete(temporary);
                return read(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the master keyset " + file, e);
        }
        log.warn("Created a new local master keyset {}; back it up apart from the database: without it no "
                + "wrapped key, and so no encrypted value, can be read", file);
        return handle;
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("Cannot restrict {} to its owner on this file system; restrict it by hand", path);
        }
    }
}
