package io.custos.whistleblowing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.whistleblowing.*}: from one client, at most {@code wrong-codes} wrong follow-up
 * codes and {@code reports} new reports per {@code period}. The limits are kept in memory only, keyed
 * by a keyed hash of the client address that is forgotten when the period passes unused.
 */
@ConfigurationProperties("custos.whistleblowing")
public record WhistleblowingProperties(@DefaultValue("10") int wrongCodes, @DefaultValue("5") int reports,
        @DefaultValue("15m") Duration period) {

    public WhistleblowingProperties {
        if (wrongCodes < 1 || reports < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("custos.whistleblowing.* limits must be positive");
        }
    }
}
