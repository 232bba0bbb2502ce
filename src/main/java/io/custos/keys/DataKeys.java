package io.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import io.custos.shared.ChangeNotices;

/**
 * One AES256-GCM data key per owner (a customer), stored in {@code data_key} wrapped by the master
 * key, and field encryption with it. Each ciphertext is bound to its owner and field, so it cannot be
 * moved to another record or column. Destroying the key (crypto-shredding) makes every copy of the
 * owner's ciphertexts unreadable (R-STO-1, R-STO-5, R-STO-6).
 * <p>
 * Plaintext never reaches a log line, an exception or an event from here; messages carry ids and
 * field names only.
 */
@Service
public class DataKeys {

    /** Binds a wrapped data key to its owner's row. */
    static final String ASSOCIATED_DATA_PREFIX = "custos:data-key:";
    /** The change notices of destroyed keys: {@code data-key:<owner>,<owner>,...}. */
    static final String DESTROYED_TOPIC = "data-key";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final MasterKeyProvider master;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final DataKeyCache cache;
    private final ChangeNotices notices;

    DataKeys(JdbcClient jdbc, JdbcTemplate batch, MasterKeyProvider master, Clock clock,
            ApplicationEventPublisher events, KeysProperties properties, ChangeNotices notices) {
        TinkSetup.register();
        this.jdbc = jdbc;
        this.batch = batch;
        this.master = master;
        this.clock = clock;
        this.events = events;
        this.cache = new DataKeyCache(properties.cacheSize(), properties.cacheTtl(), clock);
        this.notices = notices;
        notices.subscribe(DESTROYED_TOPIC, new ChangeNotices.Receiver() {
            @Override
            public void received(String topic) {
                heldAsDestroyed(owners(topic));
            }

            @Override
            public void missed() {
                // Destructions may have gone unheard: every live key is read (and unwrapped) again.
                cache.dropLiveKeys();
            }
        });
    }

    /** The owners a {@code data-key:<owner>,...} notice names; an unreadable one names none. */
    private static List<UUID> owners(String topic) {
        List<UUID> owners = new ArrayList<>();
        int colon = topic.indexOf(':');
        if (colon < 0) {
            return owners;
        }
        for (String owner : topic.substring(colon + 1).split(",")) {
            try {
                owners.add(UUID.fromString(owner));
            } catch (IllegalArgumentException notAnId) {
                // Only this code writes these notices; a stranger's is ignored, the poll still runs.
            }
        }
        return owners;
    }

    private record Row(@Nullable String wrappedKeyset) {
    }

    /**
     * Creates the owner's data key in the caller's transaction, so a customer and its key commit
     * together or not at all.
     *
     * @throws IllegalStateException when the owner has (or had) one
     */
    @Transactional
    public void create(UUID ownerId) {
        Objects.requireNonNull(ownerId, "ownerId");
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            Wrapping.Wrapped wrapped = Wrapping.wrap(master, handle, associatedData(ownerId));
            jdbc.sql("insert into data_key (owner_id, wrapped_keyset, master_key_id, created_at) values (?, ?, ?, ?)")
                    .params(ownerId, wrapped.keyset(), wrapped.masterKeyId(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException exists) {
            // A destroyed key is never replaced: new data under the old owner id would outlive the shredding.
            throw new IllegalStateException("Owner " + ownerId + " already has, or had, a data key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No data key could be made for owner " + ownerId, e);
        }
    }

    /**
     * Creates data keys for many new owners in one batch, in the caller's transaction (an import
     * writes hundreds of customers at a time), and hands back the fresh keys to encrypt their first
     * values with: they are not cached until committed, and reading them back would cost a query and
     * an unwrap per value.
     *
     * @throws IllegalStateException when an owner has (or had) a key
     */
    @Transactional
    public NewDataKeys createAll(List<UUID> ownerIds) {
        Map<UUID, Aead> created = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>(ownerIds.size());
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        try {
            for (UUID ownerId : ownerIds) {
                Objects.requireNonNull(ownerId, "ownerId");
                KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                Wrapping.Wrapped wrapped = Wrapping.wrap(master, handle, associatedData(ownerId));
                rows.add(new Object[] {ownerId, wrapped.keyset(), wrapped.masterKeyId(), now});
                created.put(ownerId, handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No data keys could be made for " + ownerIds.size() + " owners", e);
        }
        try {
            batch.batchUpdate("insert into data_key (owner_id, wrapped_keyset, master_key_id, created_at) "
                    + "values (?, ?, ?, ?)", rows);
        } catch (DuplicateKeyException exists) {
            throw new IllegalStateException("An owner of the batch already has, or had, a data key");
        }
        return new NewDataKeys(created);
    }

    /** Data keys created by {@link #createAll} in the current transaction. */
    public static final class NewDataKeys {

        private final Map<UUID, Aead> keys;

        private NewDataKeys(Map<UUID, Aead> keys) {
            this.keys = keys;
        }

        /** As {@link DataKeys#encrypt}, with the fresh key of one of the batch's owners. */
        public String encrypt(UUID ownerId, String field, String plaintext) {
            Aead aead = keys.get(ownerId);
            if (aead == null) {
                throw new IllegalArgumentException("Owner " + ownerId + " is not part of this batch");
            }
            return encryptWith(aead, ownerId, field, plaintext);
        }

        @Override
        public String toString() {
            return "NewDataKeys[" + keys.size() + " owners]";
        }
    }

    /**
     * Base64 of the AEAD ciphertext of {@code plaintext}, with associated data
     * {@code ownerId + ":" + field}.
     *
     * @throws DataKeyDestroyedException when the owner's key was destroyed
     * @throws IllegalStateException when the owner has no data key
     */
    public String encrypt(UUID ownerId, String field, String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        Aead aead = aead(ownerId, field)
                .orElseThrow(() -> new IllegalStateException("Owner " + ownerId + " has no data key"));
        return encryptWith(aead, ownerId, field, plaintext);
    }

    private static String encryptWith(Aead aead, UUID ownerId, String field, String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("A field name is required");
        }
        try {
            return Base64.getEncoder().encodeToString(
                    aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), binding(ownerId, field)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting field " + field + " of owner " + ownerId + " failed", e);
        }
    }

    /**
     * @throws UnreadableCiphertextException when the ciphertext belongs to another owner or field, was
     *         altered, or the owner has no data key
     * @throws DataKeyDestroyedException when the owner's key was destroyed
     */
    public String decrypt(UUID ownerId, String field, String ciphertext) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Aead aead = aead(ownerId, field)
                .orElseThrow(() -> new UnreadableCiphertextException(ownerId, field, "the owner has no data key", null));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException notBase64) {
            // Not chained: the decoder's message quotes part of the ciphertext.
            throw new UnreadableCiphertextException(ownerId, field, "not base64", null);
        }
        try {
            return new String(aead.decrypt(bytes, binding(ownerId, field)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableCiphertextException(ownerId, field,
                    "altered, or encrypted for another owner or field", e);
        }
    }

    /**
     * Crypto-shredding: removes the wrapped key, stamps the time and publishes
     * {@link DataKeyDestroyed}, all in the caller's transaction; on its commit the other nodes hear of
     * it within a second ({@link ChangeNotices}). Destroying a destroyed key does nothing.
     *
     * @throws IllegalStateException when the owner never had a data key
     */
    @Transactional
    public void destroy(UUID ownerId) {
        int destroyed = jdbc.sql("update data_key set wrapped_keyset = null, master_key_id = null, destroyed_at = ? "
                + "where owner_id = ? and wrapped_keyset is not null")
                .params(clock.instant().atOffset(ZoneOffset.UTC), ownerId).update();
        if (destroyed == 0) {
            if (!isDestroyed(ownerId)) {
                throw new IllegalStateException("Owner " + ownerId + " has no data key to destroy");
            }
            return;
        }
        cache.evict(ownerId);
        afterCommit(() -> cache.destroyed(ownerId));
        notices.publish(DESTROYED_TOPIC, List.of(ownerId));
        events.publishEvent(new DataKeyDestroyed(ownerId));
    }

    /** Owners per statement of {@link #destroyAll}: far below any database's limit on parameters. */
    static final int DESTROY_CHUNK = 1000;

    /**
     * Crypto-shredding of many owners at once (a destruction batch, issue 16, R-DEL-3): per chunk of
     * {@value #DESTROY_CHUNK} owners, the live keys are locked and read in one statement and removed
     * in one, all in the caller's transaction; then one {@link DataKeysDestroyed} names the owners
     * whose key was destroyed now. Owners whose key was destroyed before, or who never had one, are
     * passed over. Each key leaves this node's cache at once and is held there as destroyed after
     * the commit; other nodes hear of it on the commit through change notices (a few per thousand owners),
     * and through their destruction poll ({@code DataKeyDestructionPoll}) should a notice be lost.
     *
     * @return the owners whose key this call destroyed
     */
    @Transactional
    public java.util.Set<UUID> destroyAll(java.util.Collection<UUID> ownerIds) {
        List<UUID> owners = List.copyOf(new java.util.LinkedHashSet<>(ownerIds));
        List<UUID> destroyed = new ArrayList<>();
        OffsetDateTime now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        for (int from = 0; from < owners.size(); from += DESTROY_CHUNK) {
            List<UUID> chunk = owners.subList(from, Math.min(owners.size(), from + DESTROY_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            List<UUID> live = jdbc.sql("select owner_id from data_key where wrapped_keyset is not null and owner_id in ("
                    + marks + ") for update").params(List.copyOf(chunk)).query(UUID.class).list();
            if (live.isEmpty()) {
                continue;
            }
            List<Object> params = new ArrayList<>();
            params.add(now);
            params.addAll(live);
            jdbc.sql("update data_key set wrapped_keyset = null, master_key_id = null, destroyed_at = ? "
                    + "where wrapped_keyset is not null and owner_id in ("
                    + String.join(", ", java.util.Collections.nCopies(live.size(), "?")) + ")").params(params).update();
            destroyed.addAll(live);
        }
        if (destroyed.isEmpty()) {
            return java.util.Set.of();
        }
        destroyed.forEach(cache::evict);
        List<UUID> gone = List.copyOf(destroyed);
        afterCommit(() -> gone.forEach(cache::destroyed));
        notices.publish(DESTROYED_TOPIC, gone);
        events.publishEvent(new DataKeysDestroyed(gone));
        return java.util.Set.copyOf(gone);
    }

    /**
     * Makes sure the owner has a live data key, creating it when it never had one; for owners whose
     * first secret arrives later than the owner (an employee enrolling a second factor).
     *
     * @throws DataKeyDestroyedException when the owner's key was destroyed: it is never replaced
     */
    @Transactional
    public void ensure(UUID ownerId) {
        long keys = jdbc.sql("select count(*) from data_key where owner_id = ?").param(ownerId).query(Long.class)
                .single();
        if (keys == 0) {
            create(ownerId);
        } else if (isDestroyed(ownerId)) {
            throw new DataKeyDestroyedException(ownerId);
        }
    }

    public boolean isDestroyed(UUID ownerId) {
        DataKeyCache.Cached cached = cache.get(ownerId);
        if (cached != null) {
            return cached.destroyed();
        }
        return jdbc.sql("select count(*) from data_key where owner_id = ? and destroyed_at is not null")
                .param(ownerId).query(Long.class).single() > 0;
    }

    private Optional<Aead> aead(UUID ownerId, String field) {
        Objects.requireNonNull(ownerId, "ownerId");
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("A field name is required");
        }
        DataKeyCache.Cached cached = cache.get(ownerId);
        if (cached != null) {
            if (cached.destroyed()) {
                throw new DataKeyDestroyedException(ownerId);
            }
            return Optional.ofNullable(cached.aead());
        }
        Optional<Row> row = jdbc.sql("select wrapped_keyset from data_key where owner_id = ?").param(ownerId)
                .query((rs, n) -> new Row(rs.getString(1))).optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        String wrapped = row.get().wrappedKeyset();
        if (wrapped == null) {
            throw new DataKeyDestroyedException(ownerId);
        }
        try {
            Aead aead = Wrapping.unwrap(master, wrapped, associatedData(ownerId))
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
            // Only a committed key may be cached: one created in a transaction that then rolls back
            // would otherwise encrypt, from the cache, data that no stored key can read. A read-only
            // transaction created nothing, so what it read is committed.
            if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
                cache.put(ownerId, aead);
            } else {
                afterCommit(() -> cache.put(ownerId, aead));
            }
            return Optional.of(aead);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The data key of owner " + ownerId + " cannot be opened with the master "
                    + "key from " + master.description() + "; restore the master key it was wrapped under", e);
        }
    }

    /** Runs now outside a transaction, after the commit inside one, never after a rollback. */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    static byte[] associatedData(UUID ownerId) {
        return (ASSOCIATED_DATA_PREFIX + ownerId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] binding(UUID ownerId, String field) {
        return (ownerId + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Holds as destroyed those of these owners whose key this node has cached: another node
     * destroyed them (its change notice, or {@link DataKeyDestructionPoll}). Answers how many were cached.
     */
    int heldAsDestroyed(java.util.Collection<UUID> ownerIds) {
        int held = 0;
        for (UUID owner : ownerIds) {
            if (cache.destroyedIfCached(owner)) {
                held++;
            }
        }
        return held;
    }

    /** For tests: how many keys and tombstones are held in memory. */
    int cachedEntries() {
        return cache.size();
    }
}
