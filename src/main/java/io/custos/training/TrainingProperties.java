package io.custos.training;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.training.*}.
 *
 * @param passValidity how long a quiz pass counts (a yearly refresher by default: {@code 12m})
 * @param expiryWarning how long before a pass runs out the reminders start
 * @param reminderInterval how often the reminder job looks for e-mails to send
 * @param mailFrom the sender of training e-mails (sent only when {@code spring.mail.host} is set)
 * @param baseUrl the address people open Custos at, for the links in e-mails
 */
@ConfigurationProperties("custos.training")
record TrainingProperties(@DefaultValue("12m") Period passValidity, @DefaultValue("30d") Duration expiryWarning,
        @DefaultValue("1h") Duration reminderInterval, @DefaultValue("custos@localhost") String mailFrom,
        @DefaultValue("http://localhost:8080") String baseUrl) {

    TrainingProperties {
        if (passValidity.isNegative() || passValidity.isZero()) {
            throw new IllegalArgumentException("custos.training.pass-validity must be positive");
        }
        if (expiryWarning.isNegative()) {
            throw new IllegalArgumentException("custos.training.expiry-warning must not be negative");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
