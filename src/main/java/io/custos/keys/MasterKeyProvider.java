package io.custos.keys;

import com.google.crypto.tink.Aead;

/**
 * Supplies the key-encryption key. The local keyset file is the default; production plugs in a
 * provider whose key never sits next to the database (docs/operations.md, "Keys").
 */
public interface MasterKeyProvider {

    Aead masterKey();

    /** Where the key comes from, for the start-up log; never the key itself. */
    String description();
}
