package io.custos.supervision;

import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.custos.shared.DomainException;

/** A calendar quarter written like 2026-Q4: its first and last day. */
public record Quarter(int year, int number) {

    private static final Pattern FORM = Pattern.compile("(\\d{4})-Q([1-4])");

    public static Quarter parse(@Nullable String text) {
        Matcher m = text == null ? null : FORM.matcher(text.strip().toUpperCase(java.util.Locale.ROOT));
        if (m == null || !m.matches()) {
            throw DomainException.unprocessable("inspection-period-invalid", Map.of("field", "period"));
        }
        int year = Integer.parseInt(m.group(1));
        if (year < 2000 || year > 2100) {
            throw DomainException.unprocessable("inspection-period-invalid", Map.of("field", "period"));
        }
        return new Quarter(year, Integer.parseInt(m.group(2)));
    }

    public static Quarter of(LocalDate day) {
        return new Quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public LocalDate start() {
        return LocalDate.of(year, (number - 1) * 3 + 1, 1);
    }

    public LocalDate end() {
        return start().plusMonths(3).minusDays(1);
    }

    /** The year as plain digits, for messages (a number argument would be written 2,026). */
    public String yearText() {
        return Integer.toString(year);
    }

    @Override
    public String toString() {
        return year + "-Q" + number;
    }
}
