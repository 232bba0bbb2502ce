package io.custos.keys;

import com.google.crypto.tink.Aead;

/**
 * Supplies the key-encryption key. The local keyset file is the default; production uses the
 * operator's keyset file, itself encrypted under a KMS key or a key from the environment, so the
 * master key never sits in clear next to the database (docs/operations.md, "Keys").
 * <p>
 * The master key is a Tink keyset: {@link #masterKey()} encrypts with its primary key and decrypts
 * with any key it holds, so rotating adds a key and wrapped keys made under the old one stay readable
 * (R-STO-1, R-STO-2).
 */
public interface MasterKeyProvider {

    /** Encrypts with the primary key, decrypts with every key of the master keyset. */
    Aead masterKey();

    /** Where the key comes from, for the start-up log; never the key itself. */
    String description();

    /**
     * The Tink id of the primary key, stored beside each wrapped key. Read it before
     * {@link #masterKey()}: a rotation in between then only makes a freshly wrapped key look older
     * than it is, which the re-wrap job corrects, never newer.
     */
    int primaryKeyId();

    /**
     * Adds a new AES256-GCM key, makes it primary and keeps the old ones, persisting the keyset
     * atomically before the new key is used; returns the new primary id.
     *
     * @throws IllegalStateException when the keyset cannot be written
     */
    int rotate();

    /** Reads the keyset again if it changed since it was read, e.g. because another node rotated it. */
    void reload();
}
