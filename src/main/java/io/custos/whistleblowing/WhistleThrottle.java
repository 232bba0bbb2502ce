package io.custos.whistleblowing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Limits wrong follow-up codes and new reports per client on this node (R-SUP-4), in memory only.
 * A client is known by an HMAC of its address under a key made at start-up and never stored, so
 * not even the memory holds an address; a bucket is forgotten once its period passes unused.
 */
@Component
class WhistleThrottle {

    private static final long MAX_KEYS = 100_000;

    private final WhistleblowingProperties properties;
    private final TimeMeter time;
    private final Cache<String, Bucket> wrongCodes;
    private final Cache<String, Bucket> reports;
    private final SecretKeySpec key;

    WhistleThrottle(WhistleblowingProperties properties, Clock clock) {
        this.properties = properties;
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
        this.wrongCodes = cache(properties.period());
        this.reports = cache(properties.period());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Whether this client may still try a code (it has wrong tries left). */
    boolean mayTry(String client) {
        return bucket(wrongCodes, client, properties.wrongCodes()).getAvailableTokens() > 0;
    }

    /** Counts a wrong code from this client. */
    void wrongCode(String client) {
        bucket(wrongCodes, client, properties.wrongCodes()).tryConsume(1);
    }

    /** One new report from this client; false when its limit is spent. */
    boolean report(String client) {
        return bucket(reports, client, properties.reports()).tryConsume(1);
    }

    /** Forgets every bucket (tests). */
    void reset() {
        wrongCodes.invalidateAll();
        reports.invalidateAll();
    }

    private Bucket bucket(Cache<String, Bucket> buckets, String client, int capacity) {
        return buckets.get(keyOf(client), k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, properties.period()))
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

    private static Cache<String, Bucket> cache(Duration period) {
        return Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(period).build();
    }
}
