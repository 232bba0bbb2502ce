package io.custos.incident;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.incident.*}: the notification clocks, counted from the moment the incident was
 * detected.
 * <ul>
 * <li>{@code regulator-initial} / {@code regulator-detail}: per severity, the time allowed for the
 * regulator's first and fuller report; zero means no such clock. Defaults (see
 * docs/operations.md): 特别重大 and 重大 1 hour and 4 hours, 较大 4 hours and 24 hours (the measures'
 * outer limit for an ordinary operator is 4 hours for 较大 and above), 一般 24 hours for the first
 * report (the company's own rule; it may be recorded as not required) and no fuller report.</li>
 * <li>{@code customers-within}: the affected customers' notice ("without delay"), 72 hours by default;
 * the clock appears when the first affected customer is recorded and counts from detection; customers
 * added after it stopped get a clock batch of their own, counted from when they were added.</li>
 * <li>{@code near-percent}: a clock is "near" when this share of its time is left (25).</li>
 * <li>{@code contact}: who the notices name as the contact; {@code mail-from} and {@code base-url}
 * for the reminders.</li>
 * <li>{@code follow-wrong-codes} per {@code follow-period}: how many wrong follow-up codes of an
 * anonymous risk report one client may type (10 per 15 minutes); then it waits, even with the right
 * code.</li>
 * </ul>
 */
@ConfigurationProperties("custos.incident")
public record IncidentProperties(@DefaultValue Map<Severity, Duration> regulatorInitial,
        @DefaultValue Map<Severity, Duration> regulatorDetail, @DefaultValue("72h") Duration customersWithin,
        @DefaultValue("25") int nearPercent, @DefaultValue("security@example.com") String contact,
        @DefaultValue("custos@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String baseUrl,
        @DefaultValue("10") int followWrongCodes, @DefaultValue("15m") Duration followPeriod) {

    private static final Map<Severity, Duration> INITIAL = Map.of(Severity.PARTICULARLY_SERIOUS, Duration.ofHours(1),
            Severity.SERIOUS, Duration.ofHours(1), Severity.RELATIVELY_SERIOUS, Duration.ofHours(4),
            Severity.GENERAL, Duration.ofHours(24));
    private static final Map<Severity, Duration> DETAIL = Map.of(Severity.PARTICULARLY_SERIOUS, Duration.ofHours(4),
            Severity.SERIOUS, Duration.ofHours(4), Severity.RELATIVELY_SERIOUS, Duration.ofHours(24),
            Severity.GENERAL, Duration.ZERO);

    public IncidentProperties {
        regulatorInitial = complete(regulatorInitial, INITIAL);
        regulatorDetail = complete(regulatorDetail, DETAIL);
        if (customersWithin.isNegative() || customersWithin.isZero() || nearPercent < 1 || nearPercent > 99) {
            throw new IllegalArgumentException("custos.incident.customers-within must be positive and near-percent 1 to 99");
        }
        if (followWrongCodes < 1 || followPeriod.isNegative() || followPeriod.isZero()) {
            throw new IllegalArgumentException("custos.incident.follow-wrong-codes and follow-period must be positive");
        }
    }

    private static Map<Severity, Duration> complete(Map<Severity, Duration> given, Map<Severity, Duration> defaults) {
        Map<Severity, Duration> all = new EnumMap<>(Severity.class);
        all.putAll(defaults);
        all.putAll(given);
        if (all.values().stream().anyMatch(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("custos.incident clock durations must not be negative");
        }
        return Map.copyOf(all);
    }

    /** The time allowed for this clock at this severity; zero when the severity has no such clock. */
    Duration allowed(ClockKind kind, Severity severity) {
        return switch (kind) {
            case REGULATOR_INITIAL -> regulatorInitial.get(severity);
            case REGULATOR_DETAIL -> regulatorDetail.get(severity);
            case CUSTOMERS -> customersWithin;
        };
    }
}
