package io.custos.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import com.google.crypto.tink.KeysetHandle;

import io.custos.shared.DomainException;

/**
 * Master key rotation: a new primary key at once, then a background job that re-wraps every data
 * key and managed keyset still under an older key, a batch per transaction. Old keys stay in the
 * master keyset, so everything stays readable throughout; each row is updated only if it is still
 * under the key it was read under, so a concurrent writer (a destruction above all) always wins.
 * The job resumes after a restart by simply finding the rows still under older keys (R-STO-2).
 */
@Service
public class MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    /** A table of wrapped keysets: how to find rows under other keys than the primary and update one. */
    private record Table(String name, String select, String update, String updateUntagged, String countPending,
            String associatedDataPrefix) {
    }

    private static final Table DATA_KEYS = new Table("data_key",
            "select owner_id, wrapped_keyset, master_key_id from data_key where wrapped_keyset is not null "
                    + "and (master_key_id < ? or master_key_id > ?) order by owner_id fetch first ? rows only",
            "update data_key set wrapped_keyset = ?, master_key_id = ? where owner_id = ? and master_key_id = ? "
                    + "and wrapped_keyset is not null",
            "",
            "select count(*) from data_key where master_key_id < ? or master_key_id > ?",
            DataKeys.ASSOCIATED_DATA_PREFIX);

    private static final Table MANAGED_KEYSETS = new Table("managed_keyset",
            "select name, encrypted_keyset, master_key_id from managed_keyset where master_key_id is null "
                    + "or master_key_id < ? or master_key_id > ? order by name fetch first ? rows only",
            "update managed_keyset set encrypted_keyset = ?, master_key_id = ? where name = ? and master_key_id = ?",
            "update managed_keyset set encrypted_keyset = ?, master_key_id = ? where name = ? and master_key_id is null",
            "select count(*) from managed_keyset where master_key_id is null or master_key_id < ? or master_key_id > ?",
            ManagedKeysets.ASSOCIATED_DATA_PREFIX);

    private final JdbcClient jdbc;
    private final MasterKeyProvider master;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int batchSize;

    MasterKeyRotation(JdbcClient jdbc, MasterKeyProvider master, PlatformTransactionManager transactions,
            ApplicationEventPublisher events, Clock clock, KeysProperties properties) {
        this.jdbc = jdbc;
        this.master = master;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.clock = clock;
        this.batchSize = properties.rewrapBatchSize();
    }

    /**
     * Makes a new master key primary and publishes {@link MasterKeyRotated}; the re-wrap follows in
     * the background. New keys are wrapped under the new key from now on.
     */
    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    @Transactional
    public RotationStatus rotate() {
        long keyId;
        try {
            keyId = Integer.toUnsignedLong(master.rotate());
        } catch (IllegalStateException e) {
            log.error("Master key rotation failed; the master keyset is unchanged", e);
            throw new DomainException("master-key-rotation-failed", HttpStatus.SERVICE_UNAVAILABLE);
        }
        jdbc.sql("insert into master_key_rotation (key_id, rotated_at) values (?, ?)")
                .params(keyId, now()).update();
        events.publishEvent(new MasterKeyRotated((int) keyId));
        return currentStatus();
    }

    @PreAuthorize("hasRole('SECURITY_ADMIN')")
    public RotationStatus status() {
        return currentStatus();
    }

    private RotationStatus currentStatus() {
        master.reload();
        long primary = primaryKeyId();
        Map<@Nullable Long, long[]> counts = new HashMap<>();
        jdbc.sql("select master_key_id, count(*) from data_key where wrapped_keyset is not null group by master_key_id")
                .query(rs -> {
                    counts.computeIfAbsent(keyId(rs), k -> new long[2])[0] = rs.getLong(2);
                });
        jdbc.sql("select master_key_id, count(*) from managed_keyset group by master_key_id")
                .query(rs -> {
                    counts.computeIfAbsent(keyId(rs), k -> new long[2])[1] = rs.getLong(2);
                });
        List<RotationStatus.KeyUsage> keys = new ArrayList<>();
        counts.forEach((id, n) -> keys.add(new RotationStatus.KeyUsage(id, id != null && id == primary, n[0], n[1])));
        keys.sort(Comparator.comparing(RotationStatus.KeyUsage::primary).reversed()
                .thenComparing(RotationStatus.KeyUsage::masterKeyId, Comparator.nullsLast(Comparator.naturalOrder())));
        boolean pending = keys.stream().anyMatch(k -> !k.primary());
        Optional<Instant[]> rotation = jdbc.sql("select rotated_at, rewrap_finished_at from master_key_rotation "
                + "where key_id = ?").param(primary)
                .query((rs, n) -> new Instant[] {instant(rs, 1), instant(rs, 2)}).optional();
        return new RotationStatus(primary, keys, pending, rotation.map(r -> r[0]).orElse(null),
                rotation.map(r -> r[1]).orElse(null));
    }

    @SchedulerLock(name = "custos-master-key-rewrap", lockAtMostFor = "PT2H", lockAtLeastFor = "PT2S")
    @Scheduled(initialDelayString = "${custos.keys.rewrap-interval:5s}",
            fixedDelayString = "${custos.keys.rewrap-interval:5s}")
    void rewrapInBackground() {
        try {
            while (rewrapBatch() >= batchSize) {
                // Full batches: there may be more; a short one means done, or only rows that failed.
            }
        } catch (RuntimeException e) {
            log.error("Re-wrapping keys under the primary master key failed; the next run resumes", e);
        }
    }

    /**
     * Re-wraps up to one batch of data keys and managed keysets that are under an older master key,
     * in one transaction; publishes {@link MasterKeyRewrapFinished} once none is left. Returns how
     * many were re-wrapped.
     */
    int rewrapBatch() {
        master.reload();
        long primary = primaryKeyId();
        Integer rewrapped = transaction.execute(status -> {
            int done = rewrap(DATA_KEYS, primary, batchSize);
            if (done < batchSize) {
                done += rewrap(MANAGED_KEYSETS, primary, batchSize - done);
            }
            if (done > 0) {
                jdbc.sql("update master_key_rotation set rewrapped = rewrapped + ? where key_id = ?")
                        .params(done, primary).update();
            }
            return done;
        });
        int done = rewrapped == null ? 0 : rewrapped;
        if (done < batchSize) {
            finishIfNothingLeft(primary);
        }
        return done;
    }

    private int rewrap(Table table, long primary, int limit) {
        record Stored(Object id, String keyset, @Nullable Long masterKeyId) {
        }
        List<Stored> rows = jdbc.sql(table.select()).params(primary, primary, limit)
                .query((rs, n) -> new Stored(rs.getObject(1), rs.getString(2), keyId(rs, 3))).list();
        int done = 0;
        for (Stored row : rows) {
            byte[] associatedData = (table.associatedDataPrefix() + row.id()).getBytes(StandardCharsets.UTF_8);
            try {
                KeysetHandle handle = Wrapping.unwrap(master, row.keyset(), associatedData);
                Wrapping.Wrapped wrapped = Wrapping.wrap(master, handle, associatedData);
                done += row.masterKeyId() == null
                        ? jdbc.sql(table.updateUntagged()).params(wrapped.keyset(), wrapped.masterKeyId(), row.id())
                                .update()
                        : jdbc.sql(table.update()).params(wrapped.keyset(), wrapped.masterKeyId(), row.id(),
                                row.masterKeyId()).update();
            } catch (GeneralSecurityException e) {
                log.warn("A keyset in {} (id {}) cannot be opened with the master keyset and stays as it is",
                        table.name(), row.id(), e);
            }
        }
        return done;
    }

    private void finishIfNothingLeft(long primary) {
        transaction.executeWithoutResult(status -> {
            if (pending(DATA_KEYS, primary) + pending(MANAGED_KEYSETS, primary) > 0) {
                return;
            }
            Optional<Long> rewrapped = jdbc.sql("select rewrapped from master_key_rotation where key_id = ? "
                    + "and rewrap_finished_at is null").param(primary).query(Long.class).optional();
            if (rewrapped.isEmpty()) {
                return;
            }
            // Conditional, so that of several nodes finishing at once only one announces it.
            int won = jdbc.sql("update master_key_rotation set rewrap_finished_at = ? where key_id = ? "
                    + "and rewrap_finished_at is null").params(now(), primary).update();
            if (won == 1) {
                // Rotations superseded before their re-wrap ended are over too: nothing is under their keys.
                jdbc.sql("update master_key_rotation set rewrap_finished_at = ? where rewrap_finished_at is null")
                        .param(now()).update();
                events.publishEvent(new MasterKeyRewrapFinished((int) primary, rewrapped.get()));
                log.info("Every data key and managed keyset is now wrapped under master key {} ({} re-wrapped)",
                        primary, rewrapped.get());
            }
        });
    }

    private long pending(Table table, long primary) {
        return jdbc.sql(table.countPending()).params(primary, primary).query(Long.class).single();
    }

    /** As stored: Tink's key id read as unsigned, the number the keyset file shows. */
    private long primaryKeyId() {
        return Integer.toUnsignedLong(master.primaryKeyId());
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Long keyId(ResultSet rs) throws SQLException {
        return keyId(rs, 1);
    }

    private static @Nullable Long keyId(ResultSet rs, int column) throws SQLException {
        long id = rs.getLong(column);
        return rs.wasNull() ? null : id;
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
