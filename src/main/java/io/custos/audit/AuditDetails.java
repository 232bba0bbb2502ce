package io.custos.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The only values an event may carry: ids, codes and field names, small counts and flags. Anything
 * else is refused, so a phone number, an e-mail address, a name or a password cannot slip into the
 * log by accident (free text is not representable: no spaces, no {@code @}, no leading digit).
 */
final class AuditDetails {

    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final long MAX_COUNT = 1_000_000_000L;
    private static final int MAX_ENTRIES = 32;
    private static final int MAX_LIST = 64;

    private AuditDetails() {
    }

    /** A sorted copy with every value checked and turned into a JSON-friendly type. */
    static Map<String, Object> sanitize(Map<String, ?> details) {
        if (details.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("An audit event carries at most " + MAX_ENTRIES + " details");
        }
        Map<String, Object> sorted = new TreeMap<>();
        details.forEach((key, value) -> {
            name(key, "detail key");
            sorted.put(key, value(key, value));
        });
        return sorted;
    }

    static String name(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("Not an identifier for " + what + " (only ids, codes and field names "
                    + "may enter the audit log)");
        }
        return value;
    }

    /** A target id: a UUID or an identifier. */
    static String id(Object value) {
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        String text = String.valueOf(value);
        if (UUID_TEXT.matcher(text).matches()) {
            return text;
        }
        return name(text, "target id");
    }

    private static Object value(String key, Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum<?> code) {
            return code.name();
        }
        if (value instanceof java.time.LocalDate date) {
            // A calendar date (a leaving date, a due date) is a fact about a process, never a customer value.
            return date.toString();
        }
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            if (Math.abs(number) > MAX_COUNT) {
                throw new IllegalArgumentException("Detail " + key + " is too large for a count");
            }
            return number;
        }
        if (value instanceof String text) {
            return name(text, "detail " + key);
        }
        if (value instanceof Collection<?> items) {
            if (items.size() > MAX_LIST) {
                throw new IllegalArgumentException("Detail " + key + " lists more than " + MAX_LIST + " items");
            }
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Collection<?>) {
                    throw new IllegalArgumentException("Detail " + key + " nests lists");
                }
                copy.add(value(key, item));
            }
            return List.copyOf(copy);
        }
        throw new IllegalArgumentException("Detail " + key + " has a type the audit log does not accept");
    }
}
