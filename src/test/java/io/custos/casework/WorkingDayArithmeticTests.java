package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * R-CUS-2: case deadlines count working days on the company's calendar — Monday to Friday, minus the
 * public holidays, plus the make-up working days (调休) of the State Council's notice. Pure
 * arithmetic over the 2026 notice as the migration seeds it.
 */
class WorkingDayArithmeticTests {

    static final CalendarRules NOTICE_2026 = CalendarRules.of(notice2026());

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    @DisplayName("R-CUS-2: an ordinary week skips the weekend")
    void weekendsAreSkipped() {
        CalendarRules none = CalendarRules.of(List.of());
        // 2026-03-13 is a Friday: one working day later is Monday 03-16.
        assertThat(none.addWorkingDays(d("2026-03-13"), 1)).isEqualTo(d("2026-03-16"));
        assertThat(none.addWorkingDays(d("2026-03-14"), 1)).as("from a Saturday").isEqualTo(d("2026-03-16"));
        assertThat(none.addWorkingDays(d("2026-03-09"), 5)).isEqualTo(d("2026-03-16"));
        assertThat(none.isWorkingDay(d("2026-03-14"))).isFalse();
        assertThat(none.isWorkingDay(d("2026-03-15"))).isFalse();
        assertThat(none.isWorkingDay(d("2026-03-16"))).isTrue();
    }

    @Test
    @DisplayName("R-CUS-2: a case received on Thursday 2026-02-12 with 15 working days is due on Wednesday 2026-03-11, across the Spring Festival")
    void springFestival2026() {
        // Counted by hand from the notice (2026-02-15..23 off; Saturdays 02-14 and 02-28 worked):
        //  1 02-13 Fri   2 02-14 Sat (make-up)   -- 02-15 Sun .. 02-23 Mon: Spring Festival --
        //  3 02-24 Tue   4 02-25 Wed   5 02-26 Thu   6 02-27 Fri   7 02-28 Sat (make-up)   -- 03-01 Sun --
        //  8 03-02 Mon   9 03-03 Tue  10 03-04 Wed  11 03-05 Thu  12 03-06 Fri   -- 03-07, 03-08 weekend --
        // 13 03-09 Mon  14 03-10 Tue  15 03-11 Wed
        assertThat(NOTICE_2026.addWorkingDays(d("2026-02-12"), 15)).isEqualTo(d("2026-03-11"));
        assertThat(NOTICE_2026.workingDaysBetween(d("2026-02-12"), d("2026-03-11"))).isEqualTo(15);
        assertThat(NOTICE_2026.workingDaysBetween(d("2026-02-12"), d("2026-03-10"))).isEqualTo(14);
        // Without the notice the same case would wrongly be due four working days earlier.
        assertThat(CalendarRules.of(List.of()).addWorkingDays(d("2026-02-12"), 15)).isEqualTo(d("2026-03-05"));
        // A weekday inside the festival is not a working day; the make-up Saturday is.
        assertThat(NOTICE_2026.isWorkingDay(d("2026-02-17"))).isFalse();
        assertThat(NOTICE_2026.isWorkingDay(d("2026-02-14"))).isTrue();
    }

    @Test
    @DisplayName("R-CUS-2: a make-up Saturday counts as a working day; a holiday weekday does not")
    void makeUpSaturdayCounts() {
        // Friday 2026-05-08 → next working day is the make-up Saturday 05-09, not Monday 05-11.
        assertThat(NOTICE_2026.addWorkingDays(d("2026-05-08"), 1)).isEqualTo(d("2026-05-09"));
        // Thursday 2026-04-30 → the Labour Day holiday runs to Tuesday 05-05: Wednesday 05-06.
        assertThat(NOTICE_2026.addWorkingDays(d("2026-04-30"), 1)).isEqualTo(d("2026-05-06"));
        // National Day: Wednesday 2026-09-30, 3 working days → 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up).
        assertThat(NOTICE_2026.addWorkingDays(d("2026-09-30"), 3)).isEqualTo(d("2026-10-10"));
        // A weekend entry marked off (the notice lists ranges over weekends) changes nothing.
        assertThat(NOTICE_2026.workingDaysBetween(d("2026-06-18"), d("2026-06-22"))).as("Fri 06-19 off, Mon 06-22")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("R-CUS-2: zero working days is the day itself, even a holiday; a negative count is refused")
    void zeroDays() {
        assertThat(NOTICE_2026.addWorkingDays(d("2026-10-01"), 0)).isEqualTo(d("2026-10-01"));
        assertThat(NOTICE_2026.workingDaysBetween(d("2026-10-01"), d("2026-10-01"))).isZero();
        assertThatThrownBy(() -> NOTICE_2026.addWorkingDays(d("2026-10-01"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("R-CUS-2: working days between an earlier and a later date are negative, counting (to, from]")
    void negativeBetween() {
        assertThat(NOTICE_2026.workingDaysBetween(d("2026-03-11"), d("2026-02-12"))).isEqualTo(-15);
        CalendarRules none = CalendarRules.of(List.of());
        // (Mon 03-09, Fri 03-13]: Tue..Fri = 4; backwards the same span counts (03-09, 03-13] too.
        assertThat(none.workingDaysBetween(d("2026-03-09"), d("2026-03-13"))).isEqualTo(4);
        assertThat(none.workingDaysBetween(d("2026-03-13"), d("2026-03-09"))).isEqualTo(-4);
    }

    @Test
    @DisplayName("R-CUS-2: a year without entries counts only weekends as days off")
    void yearWithoutEntries() {
        assertThat(NOTICE_2026.covers(2026)).isTrue();
        assertThat(NOTICE_2026.covers(2027)).isFalse();
        assertThat(NOTICE_2026.year(2027)).isEmpty();
        // 2027-10-01 is a Friday: without the 2027 notice it works, and 10 working days after
        // Thursday 2027-09-30 is Thursday 2027-10-14.
        assertThat(NOTICE_2026.isWorkingDay(d("2027-10-01"))).isTrue();
        assertThat(NOTICE_2026.addWorkingDays(d("2027-09-30"), 10)).isEqualTo(d("2027-10-14"));
        assertThat(NOTICE_2026.workingDaysBetween(d("2027-01-01"), d("2027-12-31"))).isEqualTo(260);
    }

    @Test
    @DisplayName("R-CUS-2: counting between agrees with adding, day by day, across the whole of 2026")
    void betweenAgreesWithAdding() {
        LocalDate from = d("2025-12-20");
        for (int days = 0; days <= 300; days++) {
            LocalDate due = NOTICE_2026.addWorkingDays(from, days);
            assertThat(NOTICE_2026.workingDaysBetween(from, due)).as("%d days: %s", days, due).isEqualTo(days);
            assertThat(NOTICE_2026.isWorkingDay(due) || days == 0).isTrue();
        }
        // 2026 has 261 weekdays, 19 of them in the holidays (the rest of the ranges are weekends), and
        // 6 make-up days: 248 working days.
        assertThat(NOTICE_2026.workingDaysBetween(d("2025-12-31"), d("2026-12-31"))).isEqualTo(248);
    }

    @Test
    @DisplayName("R-CUS-2: a year's entries by date, each named in the reader's language")
    void yearByDate() {
        List<CalendarDay> year = NOTICE_2026.year(2026);
        assertThat(year).hasSize(39);
        assertThat(year.get(0).day()).isEqualTo(d("2026-01-01"));
        assertThat(year).extracting(CalendarDay::day).isSorted();
        assertThat(year.get(0).name(Locale.SIMPLIFIED_CHINESE)).isEqualTo("元旦");
        assertThat(year.get(0).name(Locale.ENGLISH)).isEqualTo("New Year's Day");
        assertThat(year).filteredOn(CalendarDay::working).extracting(CalendarDay::day)
                .allMatch(CalendarDay::weekend).hasSize(6);
    }

    /** The 2026 notice as V78 seeds it. */
    static List<CalendarDay> notice2026() {
        List<CalendarDay> days = new ArrayList<>();
        range(days, "2026-01-01", "2026-01-03", "元旦", "New Year's Day");
        range(days, "2026-02-15", "2026-02-23", "春节", "Spring Festival");
        range(days, "2026-04-04", "2026-04-06", "清明节", "Qingming Festival");
        range(days, "2026-05-01", "2026-05-05", "劳动节", "Labour Day");
        range(days, "2026-06-19", "2026-06-21", "端午节", "Dragon Boat Festival");
        range(days, "2026-09-25", "2026-09-27", "中秋节", "Mid-Autumn Festival");
        range(days, "2026-10-01", "2026-10-07", "国庆节", "National Day");
        for (String day : List.of("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")) {
            days.add(new CalendarDay(d(day), true, "调休上班", "Make-up working day"));
        }
        return days;
    }

    private static void range(List<CalendarDay> days, String from, String to, String zh, String en) {
        for (LocalDate day = d(from); !day.isAfter(d(to)); day = day.plusDays(1)) {
            days.add(new CalendarDay(day, false, zh, en));
        }
    }
}
