package io.custos.retention;

import java.time.Instant;

/**
 * What a destruction certificate states about itself, and all that its verification answers to
 * anyone holding the code (R-DEL-4): no customer, no person, only the certificate's number, its kind,
 * the method (a code with words in the bundles, {@code certificate.method.<code>}), when the
 * destruction was done, how many items it covered and the digest of its record.
 */
public record CertificateFacts(CertificateKind kind, String number, String method, Instant executedAt, long count,
        String digest) {

    public CertificateFacts {
        if (number.isBlank() || number.length() > 40 || method.isBlank() || method.length() > 24 || digest.isBlank()
                || digest.length() > 100 || count < 0) {
            throw new IllegalArgumentException("certificate facts out of range");
        }
    }
}
