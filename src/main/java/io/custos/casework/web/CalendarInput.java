package io.custos.casework.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.casework.WorkingCalendar;
import io.custos.shared.DomainException;

/**
 * Dates and years as typed into the calendar's page or URL: parsed here so a mistyped one answers
 * 422 with a code the page translates, never a 500 and never the text echoed back.
 */
final class CalendarInput {

    private CalendarInput() {
    }

    /** An ISO date (2026-10-01) within the years the calendar keeps. */
    static LocalDate day(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw DomainException.unprocessable("calendar-date-required", Map.of("field", "day"));
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalidDay();
        }
        if (day.getYear() < WorkingCalendar.FIRST_YEAR || day.getYear() > WorkingCalendar.LAST_YEAR) {
            throw invalidDay();
        }
        return day;
    }

    /** A year the calendar keeps, or {@code fallback} when none is given. */
    static int year(@Nullable String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int year = Integer.parseInt(text.strip());
            if (year >= WorkingCalendar.FIRST_YEAR && year <= WorkingCalendar.LAST_YEAR) {
                return year;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw DomainException.unprocessable("calendar-year-invalid", Map.of("field", "year"),
                String.valueOf(WorkingCalendar.FIRST_YEAR), String.valueOf(WorkingCalendar.LAST_YEAR));
    }

    private static DomainException invalidDay() {
        return DomainException.unprocessable("calendar-date-invalid", Map.of("field", "day"),
                String.valueOf(WorkingCalendar.FIRST_YEAR), String.valueOf(WorkingCalendar.LAST_YEAR));
    }
}
