package io.custos.whistleblowing;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.custos.shared.ClientThrottle;

/**
 * Limits wrong follow-up codes and new reports per client on this node (R-SUP-4), in memory only.
 * A client is known by an HMAC of its address under a key made at start-up and never stored, so
 * not even the memory holds an address; a bucket is forgotten once its period passes unused (see
 * {@link ClientThrottle}).
 */
@Component
class WhistleThrottle {

    private final ClientThrottle wrongCodes;
    private final ClientThrottle reports;

    WhistleThrottle(WhistleblowingProperties properties, Clock clock) {
        this.wrongCodes = new ClientThrottle(clock, properties.wrongCodes(), properties.period());
        this.reports = new ClientThrottle(clock, properties.reports(), properties.reportPeriod());
    }

    /** Whether this client may still try a code (it has wrong tries left). */
    boolean mayTry(String client) {
        return wrongCodes.allows(client);
    }

    /** Counts a wrong code from this client. */
    void wrongCode(String client) {
        wrongCodes.spend(client);
    }

    /** One new report from this client; false when its limit is spent. */
    boolean report(String client) {
        return reports.take(client);
    }

    /** Forgets every bucket (tests). */
    void reset() {
        wrongCodes.reset();
        reports.reset();
    }
}
