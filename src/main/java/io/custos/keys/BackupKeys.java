package io.custos.keys;

import java.security.GeneralSecurityException;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;

/**
 * Keys for backups (issue 17, R-STO-3). Every backup gets a streaming-AEAD key of its own
 * (AES256-GCM-HKDF, 1 MB segments), stored inside the backup wrapped by the master key and bound to
 * the backup's id. So a backup is exactly as secret as the database: whoever holds the master key
 * can open it, nobody else, and a backup made under another master key is refused at the first
 * file, before anything is written anywhere.
 * <p>
 * Backups are also read and written by commands that run without the application
 * ({@code java -jar custos.jar backup|backup-verify|restore}); {@link #masterKey} gives them the same
 * master key the application would use, from the same configuration.
 */
public final class BackupKeys {

    private BackupKeys() {
    }

    /**
     * A new backup key.
     *
     * @param wrappedKeyset Tink's JSON of the keyset, encrypted under the master key
     * @param masterKeyId the master key it was wrapped under, for the operator's information
     */
    public record Sealing(String wrappedKeyset, long masterKeyId, StreamingAead aead) {
    }

    /** The key is not this master key's: another installation's backup, or a master key that was replaced. */
    public static final class WrongKeyException extends Exception {
        private static final long serialVersionUID = 1L;

        WrongKeyException(GeneralSecurityException cause) {
            super("The backup's key cannot be opened with this master key", cause);
        }
    }

    public static Sealing newKey(MasterKeyProvider master, byte[] associatedData) {
        TinkSetup.register();
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            Wrapping.Wrapped wrapped = Wrapping.wrap(master, handle, associatedData);
            return new Sealing(wrapped.keyset(), wrapped.masterKeyId(),
                    handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A backup key could not be made", e);
        }
    }

    public static StreamingAead open(MasterKeyProvider master, String wrappedKeyset, byte[] associatedData)
            throws WrongKeyException {
        TinkSetup.register();
        KeysetHandle handle;
        try {
            handle = Wrapping.unwrap(master, wrappedKeyset, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new WrongKeyException(e instanceof GeneralSecurityException g ? g
                    : new GeneralSecurityException("unreadable keyset", e));
        }
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The backup key is not a streaming key", e);
        }
    }

    /**
     * The master key the configuration in {@code environment} names ({@code custos.keys.*}), for a
     * command running outside the application. A missing local key file is never replaced by a new
     * key here: a command must open the installation's key or fail.
     */
    public static MasterKeyProvider masterKey(Environment environment) {
        KeysProperties properties = Binder.get(environment).bindOrCreate("custos.keys", KeysProperties.class);
        return KeysConfiguration.masterKeyProvider(properties, List.of(), () -> true);
    }
}
