package io.custos.portal;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Limits on the portal's sign-in (R-CUS-1), one token bucket per key on this node, timed by the
 * application's clock: links asked for one address (keyed by a SHA-256 of the normalized address,
 * so the address itself is kept nowhere), links asked from one client address, and links or codes
 * tried from one client address, so that a 12-digit code cannot be guessed by trying. The buckets
 * are in bounded caches that forget a key once its period has passed unused: a flood of made-up
 * addresses cannot fill the memory.
 */
@Component
class SignInThrottle {

    private static final long MAX_KEYS = 100_000;

    private final PortalProperties.SignInLimits limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> clients;
    private final Cache<String, Bucket> attempts;

    SignInThrottle(PortalProperties properties, Clock clock) {
        this.limits = properties.signIn();
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
        this.addresses = cache(limits.period());
        this.clients = cache(limits.period());
        this.attempts = cache(limits.period());
    }

    /** One link for this normalized address; false when its limit is spent. */
    boolean address(String kindAndNormalized) {
        return take(addresses, TokenHashes.sha256(kindAndNormalized), limits.perAddress());
    }

    /** One link asked from this client address; false when its limit is spent. */
    boolean client(String clientAddress) {
        return take(clients, clientAddress, limits.perClient());
    }

    /** One link or code tried from this client address; false when its limit is spent. */
    boolean attempt(String clientAddress) {
        return take(attempts, clientAddress, limits.attemptsPerClient());
    }

    /** Forgets every bucket (tests: each starts with full limits). */
    void reset() {
        addresses.invalidateAll();
        clients.invalidateAll();
        attempts.invalidateAll();
    }

    private boolean take(Cache<String, Bucket> buckets, String key, int capacity) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, limits.period()))
                .withCustomTimePrecision(time).build())
                .tryConsume(1);
    }

    private static Cache<String, Bucket> cache(Duration period) {
        return Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterAccess(period).build();
    }
}
