package io.custos.portal;

import org.springframework.stereotype.Component;

import io.custos.shared.Throttle;
import io.custos.shared.Throttles;

/**
 * Limits on the portal's sign-in (R-CUS-1), shared by the nodes ({@link Throttles}, issue 24.3):
 * links asked for one e-mail address or phone number, links asked from one client address, and
 * links or codes tried from one client address, so that a 12-digit code cannot be guessed by
 * trying. Addresses and numbers are kept only as keyed hashes.
 */
@Component
class SignInThrottle {

    private final Throttle addresses;
    private final Throttle clients;
    private final Throttle attempts;

    SignInThrottle(PortalProperties properties, Throttles throttles) {
        PortalProperties.SignInLimits limits = properties.signIn();
        this.addresses = throttles.named("portal-link-contact", limits.perAddress(), limits.period());
        this.clients = throttles.named("portal-link-client", limits.perClient(), limits.period());
        this.attempts = throttles.named("portal-sign-in-client", limits.attemptsPerClient(), limits.period());
    }

    /** One link for this normalized address; false when its limit is spent. */
    boolean address(String kindAndNormalized) {
        return addresses.take(kindAndNormalized).allowed();
    }

    /** One link asked from this client address; refused, with the seconds to wait, when its limit is spent. */
    Throttle.Decision client(String clientAddress) {
        return clients.take(clientAddress);
    }

    /** One link or code tried from this client address; refused, with the seconds to wait, when spent. */
    Throttle.Decision attempt(String clientAddress) {
        return attempts.take(clientAddress);
    }

    /** Forgets every bucket (tests: each starts with full limits). */
    void reset() {
        addresses.reset();
        clients.reset();
        attempts.reset();
    }
}
