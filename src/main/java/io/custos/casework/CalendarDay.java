package io.custos.casework;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;

/**
 * One day of the working-day calendar that differs from a Monday-to-Friday week (R-CUS-2): a public
 * holiday ({@code working} false) or a make-up working day on a weekend ({@code working} true, 调休),
 * named in both languages as the State Council's notice names it.
 */
public record CalendarDay(LocalDate day, boolean working, String nameZh, String nameEn) {

    /** The name in the reader's language: Chinese for any Chinese locale, English otherwise. */
    public String name(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
    }

    /** Saturday or Sunday. */
    public static boolean weekend(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY;
    }
}
