package io.custos.customer;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Limits how often one person may search by a confidential (L3-L4) value (issue 13.1). A search
 * matches only customers whose field the person may reveal anyway; the limit keeps a script from
 * trying candidates by the thousand all the same, and every try is audited. One token bucket per
 * person on this node, timed by the application's clock.
 */
@Component
class SearchThrottle {

    /**
     * {@code custos.customer.sensitive-search.*}: {@code capacity} searches at once, refilled
     * gradually over {@code period}.
     */
    @ConfigurationProperties("custos.customer.sensitive-search")
    record Limits(@DefaultValue("20") int capacity, @DefaultValue("10m") Duration period) {
        Limits {
            if (capacity < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("custos.customer.sensitive-search.* must be positive");
            }
        }
    }

    private final Limits limits;
    private final TimeMeter time;
    // One bucket per person who searched: bounded by the company's staff, a few hundred bytes each.
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    SearchThrottle(Limits limits, Clock clock) {
        this.limits = limits;
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
    }

    /** Takes one search; a 429 {@code search-throttled} with the seconds to wait when none is left. */
    void take(CustosUser by) {
        ConsumptionProbe probe = buckets.computeIfAbsent(by.id(), id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.capacity()).refillGreedy(limits.capacity(), limits.period()))
                .withCustomTimePrecision(time).build())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new DomainException("search-throttled", HttpStatus.TOO_MANY_REQUESTS,
                    Map.of("retryAfterSeconds", seconds), seconds);
        }
    }
}
