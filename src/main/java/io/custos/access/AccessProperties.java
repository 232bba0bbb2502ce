package io.custos.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param breakGlassDuration how long an emergency access lasts (R-USE-6: one hour)
 * @param mailFrom the sender of break-glass alerts (sent only when {@code spring.mail.host} is set)
 * @param baseUrl the address people open Custos at, for the link in alerts
 * @param revealVisibleSeconds how long the customer page shows a revealed value before masking it again
 * @param breakGlassReviewWithin by when after it was opened an emergency access must have been
 *        reviewed (R-USE-6 "reviewed afterwards"); one still unreviewed then is overdue
 */
@ConfigurationProperties("custos.access")
public record AccessProperties(@DefaultValue("1h") Duration breakGlassDuration,
        @DefaultValue("custos@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("60") int revealVisibleSeconds, @DefaultValue("72h") Duration breakGlassReviewWithin) {

    public AccessProperties {
        if (breakGlassDuration.isNegative() || breakGlassDuration.isZero() || breakGlassDuration.toHours() > 24) {
            throw new IllegalArgumentException("custos.access.break-glass-duration must be between 1 second and 24 hours");
        }
        if (breakGlassReviewWithin.isNegative() || breakGlassReviewWithin.isZero()) {
            throw new IllegalArgumentException("custos.access.break-glass-review-within must be positive");
        }
        if (revealVisibleSeconds < 1 || revealVisibleSeconds > 3600) {
            throw new IllegalArgumentException("custos.access.reveal-visible-seconds must be between 1 and 3600");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
