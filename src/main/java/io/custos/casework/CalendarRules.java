package io.custos.casework;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The arithmetic of working days over one immutable set of calendar entries (R-CUS-2): a day works
 * when its entry says so, otherwise when it is Monday to Friday. Pure, so the deadline rules are
 * tested without a database and the service swaps in a new instance after each change.
 */
final class CalendarRules {

    private final NavigableMap<LocalDate, CalendarDay> days;
    private final Set<Integer> years;

    private CalendarRules(NavigableMap<LocalDate, CalendarDay> days) {
        this.days = Collections.unmodifiableNavigableMap(days);
        Set<Integer> covered = new TreeSet<>();
        days.keySet().forEach(d -> covered.add(d.getYear()));
        this.years = Collections.unmodifiableSet(covered);
    }

    static CalendarRules of(Collection<CalendarDay> entries) {
        NavigableMap<LocalDate, CalendarDay> days = new TreeMap<>();
        entries.forEach(e -> days.put(e.day(), e));
        return new CalendarRules(days);
    }

    boolean isWorkingDay(LocalDate day) {
        CalendarDay entry = days.get(day);
        return entry != null ? entry.working() : !CalendarDay.weekend(day);
    }

    /** @throws IllegalArgumentException for a negative count: a deadline is never before its start */
    LocalDate addWorkingDays(LocalDate from, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("A number of working days is never negative");
        }
        LocalDate day = from;
        int left = count;
        while (left > 0) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }

    /**
     * Working days after {@code from} up to and including {@code to}; when {@code to} is earlier,
     * minus those after {@code to} up to and including {@code from}. Counted
     * from the weekdays of the span and the entries inside it, so an answer over centuries (a
     * mistyped year) costs no more than one over a week.
     */
    int workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        long count = weekdays(from.plusDays(1), to.plusDays(1));
        for (CalendarDay entry : days.subMap(from, false, to, true).values()) {
            boolean usual = !CalendarDay.weekend(entry.day());
            if (entry.working() != usual) {
                count += entry.working() ? 1 : -1;
            }
        }
        return Math.toIntExact(count);
    }

    /** Monday-to-Friday days from {@code start}, included, to {@code end}, excluded. */
    private static long weekdays(LocalDate start, LocalDate end) {
        long span = ChronoUnit.DAYS.between(start, end);
        long count = span / 7 * 5;
        LocalDate day = start.plusDays(span / 7 * 7);
        while (day.isBefore(end)) {
            if (!CalendarDay.weekend(day)) {
                count++;
            }
            day = day.plusDays(1);
        }
        return count;
    }

    boolean covers(int year) {
        return years.contains(year);
    }

    List<CalendarDay> year(int year) {
        return List.copyOf(days.subMap(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true).values());
    }
}
