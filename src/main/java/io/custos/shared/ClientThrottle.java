package io.custos.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * One limit per client on this node, in memory only: at most {@code capacity} of something per
 * {@code period}, refilled gradually, timed by the application's clock (so tests move it). A client
 * (usually its address) is known only by an HMAC under a key made at start-up and never stored, so
 * not even the memory holds the address; the buckets are in a bounded cache that forgets a client
 * once a period passes unused, so a flood of made-up clients cannot fill the memory.
 * <p>
 * Used for things anyone may try and must not be able to try endlessly: a follow-up code typed by
 * a whistleblower or an anonymous risk reporter.
 */
public final class ClientThrottle {

    private static final long MAX_CLIENTS = 100_000;

    private final int capacity;
    private final Duration period;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final SecretKeySpec key;

    public ClientThrottle(Clock clock, int capacity, Duration period) {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A throttle needs a positive capacity and period");
        }
        this.capacity = capacity;
        this.period = period;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(period).build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Whether this client has anything left, without spending it. */
    public boolean allows(String client) {
        return bucket(client).getAvailableTokens() > 0;
    }

    /** Spends one for this client, if it has one left. */
    public void spend(String client) {
        bucket(client).tryConsume(1);
    }

    /** Spends one for this client; false when it had none left. */
    public boolean take(String client) {
        return bucket(client).tryConsume(1);
    }

    /** Forgets every client (tests: each starts with the full limit). */
    public void reset() {
        buckets.invalidateAll();
    }

    private Bucket bucket(String client) {
        return buckets.get(keyOf(client), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .withCustomTimePrecision(time).build());
    }

    private String keyOf(String client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(client.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing", e);
        }
    }
}
