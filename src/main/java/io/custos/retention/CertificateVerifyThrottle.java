package io.custos.retention;

import java.time.Clock;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.custos.shared.DomainException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Limits how often one client address may check certificates (issue 16.5): the check needs no
 * sign-in, and although a code (100 bits) cannot be guessed, a script should not be able to keep the
 * server busy with tries. One token bucket per address on this node, at most 10,000 addresses held,
 * timed by the application's clock.
 */
@Component
class CertificateVerifyThrottle {

    private final CertificateProperties properties;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    CertificateVerifyThrottle(CertificateProperties properties, Clock clock) {
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
        this.buckets = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(properties.verifyPeriod().multipliedBy(2))
                .build();
    }

    /** Takes one check for the address; a 429 {@code certificate-verify-throttled} when none is left. */
    void take(String clientAddress) {
        ConsumptionProbe probe = buckets.get(clientAddress, address -> Bucket.builder()
                .addLimit(limit -> limit.capacity(properties.verifyCapacity())
                        .refillGreedy(properties.verifyCapacity(), properties.verifyPeriod()))
                .withCustomTimePrecision(time).build())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new DomainException("certificate-verify-throttled", HttpStatus.TOO_MANY_REQUESTS,
                    Map.of("retryAfterSeconds", seconds), seconds);
        }
    }
}
