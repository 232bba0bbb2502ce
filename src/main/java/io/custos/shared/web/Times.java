package io.custos.shared.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import io.custos.shared.Actor;
import io.custos.shared.PersonalTimeZones;

/**
 * Times as people read and type them: in the zone of the person signed in (their own choice, else
 * the company's), formatted the same in both languages ({@code 2026-12-04 22:17}). Templates reach it
 * as {@code #times}; controllers inject it to read a browser's date-time field. The API does not use
 * it: there times stay ISO 8601 with an offset.
 */
@Component
public class Times {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    /** What a browser's {@code datetime-local} field shows and sends back (seconds optional). */
    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final String NONE = "—";
    private static final String REQUEST_ZONE = Times.class.getName() + ".zone";

    private final ZoneId company;
    private final ObjectProvider<PersonalTimeZones> personal;
    private final Clock clock;

    Times(TimeProperties properties, ObjectProvider<PersonalTimeZones> personal, Clock clock) {
        this.company = properties.zone();
        this.personal = personal;
        this.clock = clock;
    }

    /** The company's zone, whoever is asking. */
    public ZoneId companyZone() {
        return company;
    }

    /** The zone of the person signed in on this request (looked up once per request), else the company's. */
    public ZoneId zone() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(REQUEST_ZONE, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId known) {
            return known;
        }
        ZoneId zone = personId().flatMap(this::chosenBy).orElse(company);
        if (request != null) {
            request.setAttribute(REQUEST_ZONE, zone, RequestAttributes.SCOPE_REQUEST);
        }
        return zone;
    }

    /**
     * The zone of a given person (their choice, else the company's), for what is computed or
     * written for them outside their own request: a due date, a reminder, a file they download.
     */
    public ZoneId zoneOf(UUID person) {
        return chosenBy(person).orElse(company);
    }

    /** {@link #zoneOf} for many people in one look-up; everyone asked for is in the answer. */
    public java.util.Map<UUID, ZoneId> zonesOf(java.util.Collection<UUID> people) {
        PersonalTimeZones zones = personal.getIfAvailable();
        java.util.Map<UUID, ZoneId> chosen = zones == null ? java.util.Map.of() : zones.chosenBy(people);
        java.util.Map<UUID, ZoneId> all = new java.util.HashMap<>();
        people.forEach(p -> all.put(p, chosen.getOrDefault(p, company)));
        return all;
    }

    /** {@code 2026-12-04 22:17}; a dash for no time. */
    public String format(@Nullable TemporalAccessor at) {
        return at == null ? NONE : MINUTES.format(zoned(at));
    }

    /** {@code 2026-12-04 22:17:05}, where the order of events within a minute matters (the audit log). */
    public String seconds(@Nullable TemporalAccessor at) {
        return at == null ? NONE : SECONDS.format(zoned(at));
    }

    /** {@code 2026-12-04}: the calendar day the instant falls on where the reader is; a date stays as it is. */
    public String date(@Nullable TemporalAccessor at) {
        return at == null ? NONE : DATE.format(zoned(at));
    }

    /** The value of a {@code datetime-local} field showing the instant; empty for none. */
    public String field(@Nullable Instant at) {
        return at == null ? "" : FIELD.format(at.atZone(zone()));
    }

    /**
     * A time as typed: a browser's date-time field ({@code 2026-12-04T22:17}, read in the reader's
     * zone) or an ISO 8601 instant with an offset.
     *
     * @throws DateTimeParseException when it is neither
     */
    public Instant parse(String text) {
        String value = text.strip();
        try {
            return LocalDateTime.parse(value).atZone(zone()).toInstant();
        } catch (DateTimeParseException local) {
            return java.time.OffsetDateTime.parse(value).toInstant();
        }
    }

    /** The zone as a person knows it, in the page's language: China Standard Time (Asia/Shanghai, UTC+08:00). */
    public String zoneName() {
        ZoneId zone = zone();
        String offset = zone.getRules().getOffset(clock.instant()).getId();
        String name = zone.getDisplayName(TextStyle.FULL, LocaleContextHolder.getLocale());
        return name + " (" + zone.getId() + ", UTC" + ("Z".equals(offset) ? "+00:00" : offset) + ")";
    }

    private TemporalAccessor zoned(TemporalAccessor at) {
        if (at instanceof LocalDate || !at.isSupported(ChronoField.INSTANT_SECONDS)) {
            return at;
        }
        return Instant.from(at).atZone(zone());
    }

    private Optional<UUID> personId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor.Source source) {
            return Optional.ofNullable(source.actor().id());
        }
        return Optional.empty();
    }

    private Optional<ZoneId> chosenBy(UUID person) {
        PersonalTimeZones zones = personal.getIfAvailable();
        try {
            return zones == null ? Optional.empty() : zones.chosenBy(person);
        } catch (DateTimeException stale) {
            // A zone id this JDK no longer knows: the company's zone rather than no page.
            return Optional.empty();
        }
    }
}
