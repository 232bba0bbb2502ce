package io.custos.shared;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;

/**
 * One named limit of {@link Throttles}: at most {@link #capacity()} tries at once per client,
 * refilled gradually over {@link #period()}. The client (an address, an account name) is hashed
 * with a key before it is used, so callers pass the plain value.
 */
public final class Throttle {

    /** The result of one try: taken, or refused with the whole seconds to wait (at least 1). */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    /** In memory at most this many clients per throttle; a flood of made-up ones cannot fill the memory. */
    private static final long MAX_CLIENTS = 100_000;

    private final String name;
    private final int capacity;
    private final Duration period;
    private final Throttles throttles;
    private final BucketConfiguration configuration;
    private final Cache<String, Bucket> local;

    Throttle(String name, int capacity, Duration period, Throttles throttles) {
        if (capacity < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A throttle needs a positive capacity and period");
        }
        this.name = name;
        this.capacity = capacity;
        this.period = period;
        this.throttles = throttles;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period)).build();
        this.local = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(period).build();
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    public Duration period() {
        return period;
    }

    /** Takes one try for this client; refused, with the seconds to wait, when none is left. */
    public Decision take(String client) {
        ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Decision(true, 0);
        }
        return new Decision(false, seconds(probe.getNanosToWaitForRefill()));
    }

    /**
     * Takes one try for this client, or refuses with a 429 problem {@code code} that carries
     * {@code retryAfterSeconds} (the API answers it with a {@code Retry-After} header).
     */
    public void takeOrRefuse(String client, String code) {
        Decision decision = take(client);
        if (!decision.allowed()) {
            throw refusal(code, decision.retryAfterSeconds());
        }
    }

    /** Gives back a try taken for this client (a success that should not count against the limit). */
    public void giveBack(String client) {
        bucket(client).addTokens(1);
    }

    /** Whether this client has a try left, without spending it. */
    public boolean allows(String client) {
        return bucket(client).getAvailableTokens() > 0;
    }

    /** Whether this client has a try left, and else how long to wait, without spending it. */
    public Decision check(String client) {
        EstimationProbe probe = bucket(client).estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? new Decision(true, 0) : new Decision(false, seconds(probe.getNanosToWaitForRefill()));
    }

    /** Spends one try for this client if it has one left (a failure counted after the fact). */
    public void spend(String client) {
        bucket(client).tryConsume(1);
    }

    /** Forgets every client of this throttle, on every node (tests: each starts with the full limit). */
    public void reset() {
        local.invalidateAll();
        throttles.forget(name);
    }

    /** The 429 problem {@code code} with the seconds to wait, for pages and the API alike. */
    public static DomainException refusal(String code, long retryAfterSeconds) {
        return new DomainException(code, HttpStatus.TOO_MANY_REQUESTS, Map.of("retryAfterSeconds", retryAfterSeconds),
                retryAfterSeconds, (retryAfterSeconds + 59) / 60);
    }

    void cleanUp() {
        local.cleanUp();
    }

    private Bucket bucket(String client) {
        String key = throttles.keyOf(name, client);
        ProxyManager<String> proxies = throttles.proxies();
        if (proxies != null) {
            return proxies.builder().build(key, () -> configuration);
        }
        return local.get(key, k -> Bucket.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                .withCustomTimePrecision(throttles.time()).build());
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
