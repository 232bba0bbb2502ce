package io.custos.keys;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * Keysets stored encrypted under the master key, bound by associated data to the row they belong
 * to. Opening tries once more after re-reading the master keyset, because another node may have
 * rotated it and wrapped this keyset under a key this node has not seen yet.
 */
final class Wrapping {

    /** @param masterKeyId the master key's Tink id as the keyset file shows it (unsigned) */
    record Wrapped(String keyset, long masterKeyId) {
    }

    private Wrapping() {
    }

    static Wrapped wrap(MasterKeyProvider master, KeysetHandle handle, byte[] associatedData)
            throws GeneralSecurityException {
        // The id first: see MasterKeyProvider.primaryKeyId.
        long masterKeyId = Integer.toUnsignedLong(master.primaryKeyId());
        return new Wrapped(TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master.masterKey(),
                associatedData), masterKeyId);
    }

    static KeysetHandle unwrap(MasterKeyProvider master, String wrapped, byte[] associatedData)
            throws GeneralSecurityException {
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.masterKey(), associatedData);
        } catch (GeneralSecurityException unknownKeyPerhaps) {
            master.reload();
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.masterKey(), associatedData);
        }
    }
}
