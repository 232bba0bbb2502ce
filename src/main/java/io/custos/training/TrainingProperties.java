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
 * @param maxAttempts how many attempts at one course a person may start within {@code attemptWindow}
 * @param attemptWindow the rolling window the attempts are counted in; the next attempt is possible
 *        once the oldest of them is this old
 * @param readingTimePerQuestion the least time per drawn question in which a person can plausibly
 *        read and answer it; a pass submitted faster does not count and is flagged
 */
@ConfigurationProperties("custos.training")
record TrainingProperties(@DefaultValue("12m") Period passValidity, @DefaultValue("30d") Duration expiryWarning,
        @DefaultValue("1h") Duration reminderInterval, @DefaultValue("custos@localhost") String mailFrom,
        @DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue("3") int maxAttempts,
        @DefaultValue("24h") Duration attemptWindow, @DefaultValue("5s") Duration readingTimePerQuestion) {

    TrainingProperties {
        if (passValidity.isNegative() || passValidity.isZero()) {
            throw new IllegalArgumentException("custos.training.pass-validity must be positive");
        }
        if (expiryWarning.isNegative()) {
            throw new IllegalArgumentException("custos.training.expiry-warning must not be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("custos.training.max-attempts must be at least 1");
        }
        if (attemptWindow.isNegative() || attemptWindow.isZero()) {
            throw new IllegalArgumentException("custos.training.attempt-window must be positive");
        }
        if (readingTimePerQuestion.isNegative()) {
            throw new IllegalArgumentException("custos.training.reading-time-per-question must not be negative");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
