package io.custos.portal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.portal.*}: how long a sign-in link or code works ({@code link-validity}), how long
 * a portal API token lives ({@code token-validity}), the address customers open Custos at (for the
 * links in e-mails, {@code base-url}), the sender of sign-in e-mails ({@code mail-from}, sent only when
 * {@code spring.mail.host} is set), and the sign-in limits ({@code sign-in.*}).
 */
@ConfigurationProperties("custos.portal")
public record PortalProperties(@DefaultValue("15m") Duration linkValidity, @DefaultValue("30m") Duration tokenValidity,
        @DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue("custos@localhost") String mailFrom,
        @DefaultValue SignInLimits signIn) {

    public PortalProperties {
        if (linkValidity.isNegative() || linkValidity.isZero() || tokenValidity.isNegative() || tokenValidity.isZero()) {
            throw new IllegalArgumentException("custos.portal.link-validity and token-validity must be positive");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * Within each {@code period}: links asked for one address ({@code per-address}), asked from one
     * client address ({@code per-client}), and links or codes tried from one client address
     * ({@code attempts-per-client}).
     */
    public record SignInLimits(@DefaultValue("5") int perAddress, @DefaultValue("20") int perClient,
            @DefaultValue("20") int attemptsPerClient, @DefaultValue("15m") Duration period) {
        public SignInLimits {
            if (perAddress < 1 || perClient < 1 || attemptsPerClient < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("custos.portal.sign-in.* must be positive");
            }
        }
    }
}
