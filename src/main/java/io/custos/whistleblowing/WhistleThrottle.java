package io.custos.whistleblowing;

import org.springframework.stereotype.Component;

import io.custos.shared.Throttle;
import io.custos.shared.Throttles;

/**
 * Limits wrong follow-up codes and new reports per client (R-SUP-4), shared by the nodes
 * ({@link Throttles}, issue 24.3). A client is known only by a keyed hash of its address.
 */
@Component
class WhistleThrottle {

    private final Throttle wrongCodes;
    private final Throttle reports;

    WhistleThrottle(WhistleblowingProperties properties, Throttles throttles) {
        this.wrongCodes = throttles.named("whistle-wrong-code", properties.wrongCodes(), properties.period());
        this.reports = throttles.named("whistle-report", properties.reports(), properties.reportPeriod());
    }

    /** Whether this client may still try a code (it has wrong tries left), else how long to wait. */
    Throttle.Decision mayTry(String client) {
        return wrongCodes.check(client);
    }

    /** Counts a wrong code from this client. */
    void wrongCode(String client) {
        wrongCodes.spend(client);
    }

    /** One new report from this client; refused, with how long to wait, when its limit is spent. */
    Throttle.Decision report(String client) {
        return reports.take(client);
    }

    /** Forgets every bucket (tests). */
    void reset() {
        wrongCodes.reset();
        reports.reset();
    }
}
