package io.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * Named keysets in {@code managed_keyset} (the audit signing key, the blind-index key, the
 * audit event tag key), each
 * encrypted under the master key with its name as associated data, so one row cannot stand in for
 * another. Created on first use; a node that loses the race to create one reads the winner's.
 */
final class ManagedKeysets {

    /** Binds a wrapped keyset to its name. */
    static final String ASSOCIATED_DATA_PREFIX = "custos:managed-keyset:";

    private final JdbcClient jdbc;
    private final MasterKeyProvider master;
    private final Clock clock;

    ManagedKeysets(JdbcClient jdbc, MasterKeyProvider master, Clock clock) {
        TinkSetup.register();
        this.jdbc = jdbc;
        this.master = master;
        this.clock = clock;
    }

    List<String> names() {
        return jdbc.sql("select name from managed_keyset order by name").query(String.class).list();
    }

    Optional<KeysetHandle> stored(String name) throws GeneralSecurityException {
        Optional<String> encrypted = jdbc.sql("select encrypted_keyset from managed_keyset where name = ?")
                .param(name).query(String.class).optional();
        if (encrypted.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Wrapping.unwrap(master, encrypted.get(), associatedData(name)));
    }

    /** The stored keyset, or a new one; {@code withPublicKeyset} keeps the public half in clear beside it. */
    KeysetHandle storedOrCreate(String name, String kind, Parameters parameters, boolean withPublicKeyset)
            throws GeneralSecurityException {
        Optional<KeysetHandle> stored = stored(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        KeysetHandle handle = KeysetHandle.generateNew(parameters);
        Wrapping.Wrapped wrapped = Wrapping.wrap(master, handle, associatedData(name));
        @Nullable String publicKeyset = withPublicKeyset
                ? TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(handle.getPublicKeysetHandle())
                : null;
        try {
            jdbc.sql("insert into managed_keyset (name, kind, encrypted_keyset, public_keyset, master_key_id, "
                    + "created_at) values (?, ?, ?, ?, ?, ?)")
                    .params(name, kind, wrapped.keyset(), publicKeyset, wrapped.masterKeyId(),
                            clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            return handle;
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return stored(name).orElseThrow();
        }
    }

    static byte[] associatedData(String name) {
        return (ASSOCIATED_DATA_PREFIX + name).getBytes(StandardCharsets.UTF_8);
    }
}
