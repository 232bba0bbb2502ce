package io.custos.audit.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditExportFormat;
import io.custos.audit.AuditFilter;
import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/**
 * The search parameters as they arrive, for the API and the pages alike. They bind as text, so a
 * value that does not convert is refused here as {@code wrong-type} naming the parameter, instead of
 * by the binder, whose messages quote the value.
 *
 * @param from an ISO-8601 instant ({@code 2026-01-05T08:00:00Z}); a date-time without an offset, as a
 *        browser's date-time field sends it, is read in the zone the caller passes (the reader's on
 *        pages, UTC on the API)
 */
record AuditQuery(@Nullable String actor, @Nullable String actorId, @Nullable String action,
        @Nullable String targetType, @Nullable String targetId, @Nullable String outcome, @Nullable String category,
        @Nullable String from, @Nullable String to, @Nullable String page, @Nullable String size) {

    static final int DEFAULT_SIZE = 50;

    AuditFilter filter() {
        return filter(ZoneOffset.UTC);
    }

    AuditFilter filter(ZoneId zone) {
        return new AuditFilter(actor, uuid(actorId, "actorId"), action, targetType, targetId,
                choice(outcome, AuditOutcome.class, "outcome"), choice(category, AuditCategory.class, "category"),
                instant(from, "from", zone), instant(to, "to", zone));
    }

    int pageNumber() {
        return number(page, 0, "page");
    }

    int pageSize() {
        return number(size, DEFAULT_SIZE, "size");
    }

    static AuditExportFormat format(@Nullable String format) {
        AuditExportFormat chosen = choice(format, AuditExportFormat.class, "format");
        if (chosen == null) {
            throw wrongType("format");
        }
        return chosen;
    }

    /** The filter parameters that are set, for links that keep the search (other pages, exports). */
    Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "actor", actor);
        put(parameters, "actorId", actorId);
        put(parameters, "action", action);
        put(parameters, "targetType", targetType);
        put(parameters, "targetId", targetId);
        put(parameters, "outcome", outcome);
        put(parameters, "category", category);
        put(parameters, "from", from);
        put(parameters, "to", to);
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            parameters.put(name, value);
        }
    }

    private static @Nullable UUID uuid(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw wrongType(field);
        }
    }

    private static <E extends Enum<E>> @Nullable E choice(@Nullable String value, Class<E> type, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw wrongType(field);
        }
    }

    static @Nullable Instant instant(@Nullable String value, String field, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw wrongType(field);
            }
        }
    }

    private static int number(@Nullable String value, int absent, String field) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw wrongType(field);
        }
    }

    private static DomainException wrongType(String field) {
        return new DomainException("wrong-type", HttpStatus.BAD_REQUEST, Map.of("field", field));
    }
}
