package io.custos.retention;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention and destruction settings.
 *
 * @param sweepCron when the daily sweep runs, in the company's zone
 * @param noticePeriod how long before a customer falls due its owner and their head are told
 * @param chunkSize customers destroyed per transaction: small enough not to hold locks for long
 * @param resumeInterval how often this node looks for a batch left half done (a crash, another node)
 * @param maxBatch most customers one batch may hold
 */
@ConfigurationProperties("custos.retention")
public record RetentionProperties(@DefaultValue("0 30 2 * * *") String sweepCron,
        @DefaultValue("P30D") Period noticePeriod, @DefaultValue("500") int chunkSize,
        @DefaultValue("1m") Duration resumeInterval, @DefaultValue("200000") int maxBatch) {

    public RetentionProperties {
        if (chunkSize < 1 || chunkSize > 1000 || maxBatch < 1 || noticePeriod.isNegative()) {
            throw new IllegalArgumentException("custos.retention: chunk-size must be 1 to 1000, max-batch positive, "
                    + "notice-period not negative");
        }
    }
}
