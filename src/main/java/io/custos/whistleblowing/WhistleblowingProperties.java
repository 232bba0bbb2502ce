package io.custos.whistleblowing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.whistleblowing.*}: from one client, at most {@code wrong-codes} wrong follow-up
 * codes per {@code period} and {@code reports} new reports per {@code report-period}. A right code
 * always answers, however many wrong ones came from the same address (colleagues behind one office
 * address must not lock each other out); the report limit is generous for the same reason and only
 * stops a script. The limits are kept in memory only, keyed by a keyed hash of the client address
 * that is forgotten when the period passes unused. A report is to be answered within
 * {@code answer-days} days of the day it was received; one still without an answer after that is
 * past its answer date (the compliance map counts those).
 */
@ConfigurationProperties("custos.whistleblowing")
public record WhistleblowingProperties(@DefaultValue("10") int wrongCodes, @DefaultValue("30") int reports,
        @DefaultValue("15m") Duration period, @DefaultValue("1h") Duration reportPeriod,
        @DefaultValue("15") int answerDays) {

    public WhistleblowingProperties {
        if (wrongCodes < 1 || reports < 1 || period.isNegative() || period.isZero() || reportPeriod.isNegative()
                || reportPeriod.isZero() || answerDays < 1) {
            throw new IllegalArgumentException("custos.whistleblowing.* limits must be positive");
        }
    }
}
