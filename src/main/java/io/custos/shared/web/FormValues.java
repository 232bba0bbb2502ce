package io.custos.shared.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Lenient readings of what a page form sent: a value that is not what the field expects is read as
 * missing (null, or -1 for a count), so the service refuses that field by name with a translated
 * message and the form comes back with everything else the person typed, never a 400 page.
 */
public final class FormValues {

    private FormValues() {
    }

    public static <E extends Enum<E>> @Nullable E enumOf(Class<E> type, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }

    public static @Nullable UUID uuidOf(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }

    public static @Nullable LocalDate dateOf(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException notOne) {
            return null;
        }
    }

    public static @Nullable LocalTime timeOf(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException notOne) {
            return null;
        }
    }

    /** A count: -1 for anything that is not a number, which every count refuses. */
    public static int intOf(@Nullable String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException notOne) {
            return -1;
        }
    }
}
