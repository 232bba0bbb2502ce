package io.custos.keys;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net under the change notices that bring another node's data-key destructions here
 * within a second (issue 23, {@link DataKeys}): should a notice be lost, brings them into this node's
 * cache within seconds (issue 16, R-DEL-3), instead of at the cache's expiry: every {@code custos.keys.destruction-poll-interval}
 * (5 s) it reads the {@code data_key} rows destroyed since the newest one it saw and holds each of
 * those this node has cached as destroyed, so a cached key of a customer destroyed elsewhere stops
 * decrypting. Keys it has not cached need nothing: their next lookup reads the destroyed row.
 * <p>
 * Each read starts {@link #LOOKBACK} before the newest destruction seen, so a destruction stamped
 * earlier but committed later (a long batch transaction, or another node's clock a little behind)
 * is still found; holding a key as destroyed twice does no harm. Should one commit later still, the
 * cache's own expiry ({@code cache-ttl}) remains the bound.
 */
@Component
class DataKeyDestructionPoll {

    static final Duration LOOKBACK = Duration.ofSeconds(30);
    private static final int PAGE = 5_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataKeyDestructionPoll.class);

    private final JdbcClient jdbc;
    private final DataKeys dataKeys;
    /** The newest destruction time seen; null until the first poll. */
    private @Nullable Instant seen;

    DataKeyDestructionPoll(JdbcClient jdbc, DataKeys dataKeys) {
        this.jdbc = jdbc;
        this.dataKeys = dataKeys;
    }

    // On every node, no @SchedulerLock: it clears this node's own cache of data keys (issue 23).
    @Scheduled(initialDelayString = "${custos.keys.destruction-poll-interval:5s}",
            fixedDelayString = "${custos.keys.destruction-poll-interval:5s}")
    void scheduled() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Reading destroyed data keys failed; the next poll tries again", e);
        }
    }

    /** One poll; answers how many cached keys it found destroyed. */
    synchronized int poll() {
        Instant from = seen == null ? newest().minus(LOOKBACK) : seen.minus(LOOKBACK);
        int evicted = 0;
        while (true) {
            List<UUID> owners = new ArrayList<>();
            Instant[] last = {null};
            jdbc.sql("select owner_id, destroyed_at from data_key where destroyed_at > ? order by destroyed_at, owner_id "
                    + "fetch first " + PAGE + " rows only")
                    .param(from.atOffset(ZoneOffset.UTC))
                    .query(rs -> {
                        owners.add(rs.getObject(1, UUID.class));
                        last[0] = rs.getObject(2, OffsetDateTime.class).toInstant();
                    });
            evicted += dataKeys.heldAsDestroyed(owners);
            if (last[0] != null && (seen == null || last[0].isAfter(seen))) {
                seen = last[0];
            }
            if (owners.size() < PAGE || last[0] == null || !last[0].isAfter(from)) {
                return evicted;
            }
            from = last[0];
        }
    }

    private Instant newest() {
        OffsetDateTime newest = jdbc.sql("select max(destroyed_at) from data_key").query(OffsetDateTime.class)
                .optional().orElse(null);
        return newest == null ? Instant.EPOCH.plus(LOOKBACK) : newest.toInstant();
    }
}
