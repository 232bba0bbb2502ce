package io.custos.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.retention.certificate.*}: the address printed on a certificate for checking it, and
 * how many checks one client address may make at once ({@code verify-capacity}), given back gradually
 * over {@code verify-period}.
 */
@ConfigurationProperties("custos.retention.certificate")
record CertificateProperties(@DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("30") int verifyCapacity, @DefaultValue("1m") Duration verifyPeriod) {

    CertificateProperties {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (verifyCapacity < 1 || verifyPeriod.isNegative() || verifyPeriod.isZero()) {
            throw new IllegalArgumentException("custos.retention.certificate.verify-* must be positive");
        }
    }
}
