package io.custos.retention.web;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.custos.retention.CertificateFacts;
import io.custos.retention.DestructionCertificates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Checking a destruction certificate (R-DEL-4, issue 16.5): open to anyone holding one — the customer,
 * a regulator —, without signing in. It answers only what the certificate itself states.
 */
@RestController
@Tag(name = "Destruction certificates")
class CertificateVerifyApi {

    private final DestructionCertificates certificates;

    CertificateVerifyApi(DestructionCertificates certificates) {
        this.certificates = certificates;
    }

    record VerifiedJson(String number, String kind, String method, Instant executedAt, long count,
            String digest) {
    }

    @GetMapping("/api/v1/destructions/verify/{code}")
    @Operation(summary = "Check a destruction certificate by its verification code (no sign-in)",
            description = "The certificate's number, kind (ELECTRONIC, PAPER), method, when the destruction was "
                    + "done, how many items it covered and the digest of its record; nothing about any person. "
                    + "Hyphens, spaces and case in the code do not matter. 404 certificate-unknown for a code no "
                    + "certificate carries; 429 certificate-verify-throttled after too many checks from one address.")
    VerifiedJson verify(@PathVariable String code, HttpServletRequest request) {
        CertificateFacts facts = certificates.verify(code, request.getRemoteAddr());
        return new VerifiedJson(facts.number(), facts.kind().name(),
                facts.method(), facts.executedAt(), facts.count(), facts.digest());
    }
}
