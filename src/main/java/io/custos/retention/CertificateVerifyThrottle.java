package io.custos.retention;

import org.springframework.stereotype.Component;

import io.custos.shared.Throttle;
import io.custos.shared.Throttles;

/**
 * Limits how often one client address may check certificates (issue 16.5): the check needs no
 * sign-in, and although a code (100 bits) cannot be guessed, a script should not be able to keep the
 * server busy with tries. One token bucket per address, shared by the nodes ({@link Throttles},
 * issue 24.3), the address kept only as a keyed hash.
 */
@Component
class CertificateVerifyThrottle {

    private final Throttle checks;

    CertificateVerifyThrottle(CertificateProperties properties, Throttles throttles) {
        this.checks = throttles.named("certificate-verify", properties.verifyCapacity(), properties.verifyPeriod());
    }

    /** Takes one check for the address; a 429 {@code certificate-verify-throttled} when none is left. */
    void take(String clientAddress) {
        checks.takeOrRefuse(clientAddress, "certificate-verify-throttled");
    }

    /** Forgets every address (tests). */
    void reset() {
        checks.reset();
    }
}
