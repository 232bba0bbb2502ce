package io.custos.shared;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

/**
 * The throttles of Custos (issue 24.3, R-IT-1, R-X-3): named limits of so many tries per period per
 * client, as Bucket4j token buckets timed by the application's clock (tests move it). On PostgreSQL
 * the buckets are rows of {@code throttle_bucket}, locked while a try is taken, so every node that
 * shares the database spends from the same bucket and a limit cannot be multiplied by the number of
 * nodes; on H2 (one embedded node) they are in a bounded memory cache.
 * <p>
 * A client is known only by a keyed hash ({@link ClientPseudonyms}) of the throttle's name and the
 * value (an address, an account name), so no address is stored and a row of one throttle cannot be
 * linked to a row of another. A row goes once its bucket would be full again ({@link #deleteExpired}).
 */
@Component
public class Throttles {

    static final String TABLE = "throttle_bucket";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final TimeMeter time;
    private final Clock clock;
    private final ClientPseudonyms pseudonyms;
    private final @Nullable ProxyManager<String> shared;
    private final @Nullable JdbcClient jdbc;
    private final Map<String, Throttle> byName = new ConcurrentHashMap<>();

    @Autowired
    Throttles(DataSource dataSource, Clock clock, ClientPseudonyms pseudonyms) {
        this(dataSource, clock, pseudonyms, isPostgres(dataSource));
    }

    /**
     * Throttles on {@code dataSource}'s table when {@code shared}, else in memory: a second node in a
     * test, a tool.
     */
    public Throttles(DataSource dataSource, Clock clock, ClientPseudonyms pseudonyms, boolean shared) {
        this.clock = clock;
        this.pseudonyms = pseudonyms;
        this.time = meter(clock);
        if (shared) {
            this.shared = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(TABLE).idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                    .clientClock(time)
                    // A bucket that is full again is the same as no bucket: its row may go.
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                    .build();
            this.jdbc = JdbcClient.create(dataSource);
        } else {
            this.shared = null;
            this.jdbc = null;
        }
    }

    /** Throttles of one node alone, in memory (unit tests, tools). */
    public static Throttles inMemory(Clock clock, ClientPseudonyms pseudonyms) {
        return new Throttles(clock, pseudonyms);
    }

    private Throttles(Clock clock, ClientPseudonyms pseudonyms) {
        this.clock = clock;
        this.pseudonyms = pseudonyms;
        this.time = meter(clock);
        this.shared = null;
        this.jdbc = null;
    }

    private static TimeMeter meter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                // The nodes compare times written by each other: only a wall clock means the same on each.
                return true;
            }
        };
    }

    /**
     * The throttle {@code name}: at most {@code capacity} tries at once per client, refilled
     * gradually over {@code period}. Asking again for a name gives the same throttle; a name means
     * one limit (a different capacity or period for a known name is a programming error).
     */
    public Throttle named(String name, int capacity, Duration period) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A throttle's name is 1 to 40 lower-case letters, digits or dashes");
        }
        Throttle throttle = byName.computeIfAbsent(name, n -> new Throttle(n, capacity, period, this));
        if (throttle.capacity() != capacity || !throttle.period().equals(period)) {
            throw new IllegalStateException("The throttle " + name + " exists with another limit");
        }
        return throttle;
    }

    /** Whether the buckets are in the database, shared by the nodes. */
    public boolean shared() {
        return shared != null;
    }

    /** Deletes the database rows of buckets that are full again; the number deleted (0 in memory). */
    public int deleteExpired() {
        if (jdbc == null) {
            byName.values().forEach(Throttle::cleanUp);
            return 0;
        }
        // Bucket4j writes expires_at by the system clock (not the client clock the buckets refill by),
        // so that is the clock to compare with; in production the two are the same.
        return jdbc.sql("DELETE FROM " + TABLE + " WHERE expires_at < ?").param(System.currentTimeMillis()).update();
    }

    /** Forgets every client of every throttle, on every node (tests: each class starts with full limits). */
    public void resetAll() {
        byName.values().forEach(Throttle::reset);
        if (jdbc != null) {
            jdbc.sql("DELETE FROM " + TABLE).update();
        }
    }

    TimeMeter time() {
        return time;
    }

    @Nullable
    ProxyManager<String> proxies() {
        return shared;
    }

    String keyOf(String name, String value) {
        return name + ":" + pseudonyms.of(name + "\n" + value);
    }

    void forget(String name) {
        if (jdbc != null) {
            jdbc.sql("DELETE FROM " + TABLE + " WHERE id LIKE ?").param(name + ":%").update();
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("The database cannot be reached to choose where throttles keep their buckets", e);
        }
    }
}
