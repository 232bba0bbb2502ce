package io.custos.casework;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.shared.ShortLivedCopies;
import io.custos.shared.ShortLivedCopy;

/**
 * The working-day calendar case deadlines are counted on (R-CUS-2): Monday to Friday, except the
 * public holidays, plus the make-up working days on weekends (调休) of the State Council's yearly
 * notice, which the administration department (ADMIN_OFFICER) enters. A year nobody entered counts
 * only weekends as days off; {@link #covers} says which years were entered.
 * <p>
 * The few dozen rows a year are read whole into an immutable copy. A change made here replaces it
 * at once; one made on another node applies here within {@link ShortLivedCopy#REFRESH}.
 */
@Service
public class WorkingCalendar {

    static final int MAX_NAME = 60;
    /** Days outside these years are typing mistakes, not notices. */
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;

    private final JdbcClient jdbc;
    private final CalendarAudit audit;
    private final Clock clock;
    private final ShortLivedCopy<CalendarRules> copy;

    WorkingCalendar(JdbcClient jdbc, CalendarAudit audit, Clock clock, ShortLivedCopies copies) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.copy = copies.of("working-calendar", this::load);
    }

    private CalendarRules load() {
        return CalendarRules.of(jdbc.sql("select calendar_day, working, name_zh, name_en from working_calendar_day")
                .query((rs, n) -> new CalendarDay(rs.getObject(1, LocalDate.class), rs.getBoolean(2),
                        rs.getString(3), rs.getString(4)))
                .list());
    }

    public boolean isWorkingDay(LocalDate day) {
        return copy.get().isWorkingDay(day);
    }

    /**
     * The day {@code days} working days after {@code from}; {@code from} itself never counts, and 0
     * answers {@code from}.
     *
     * @throws IllegalArgumentException when {@code days} is negative
     */
    public LocalDate addWorkingDays(LocalDate from, int days) {
        return copy.get().addWorkingDays(from, days);
    }

    /**
     * The working days after {@code from} up to and including {@code to}; when {@code to} is earlier,
     * minus those after {@code to} up to and including {@code from}.
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        return copy.get().workingDaysBetween(from, to);
    }

    /** Whether the year has at least one entry, i.e. its notice was entered. */
    public boolean covers(int year) {
        return copy.get().covers(year);
    }

    /** The year's entries by date. */
    public List<CalendarDay> year(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return List.of();
        }
        return copy.get().year(year);
    }

    /**
     * Adds or replaces the entry of a day (ADMIN_OFFICER only). A make-up working day must fall on a
     * weekend; a holiday may fall on any day, since the notice lists ranges.
     *
     * @throws DomainException 403 {@code forbidden}; 422 {@code calendar-date-invalid} (outside
     *         {@value #FIRST_YEAR}–{@value #LAST_YEAR}), {@code calendar-name-required},
     *         {@code calendar-name-too-long}, {@code control-characters}, {@code calendar-working-not-weekend};
     *         409 {@code calendar-changed} when another change of the same day came first
     */
    @Transactional
    public CalendarDay set(LocalDate day, boolean working, @Nullable String nameZh, @Nullable String nameEn,
            CustosUser by) {
        requireOfficer(CalendarAudit.DAY_SET, day, by);
        requireInRange(day);
        String zh = name(nameZh, "nameZh");
        String en = name(nameEn, "nameEn");
        if (working && !CalendarDay.weekend(day)) {
            throw DomainException.unprocessable("calendar-working-not-weekend", Map.of("field", "working"));
        }
        OffsetDateTime now = clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        copy.changed();
        try {
            int updated = jdbc.sql("update working_calendar_day set working = ?, name_zh = ?, name_en = ?, "
                    + "updated_by = ?, updated_at = ? where calendar_day = ?").params(working, zh, en, by.id(), now, day).update();
            if (updated == 0) {
                jdbc.sql("insert into working_calendar_day (calendar_day, working, name_zh, name_en, updated_by, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?)").params(day, working, zh, en, by.id(), now).update();
            }
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("calendar-changed");
        }
        audit.changed(CalendarAudit.DAY_SET, day, working, by.actor());
        return new CalendarDay(day, working, zh, en);
    }

    /**
     * Removes the entry of a day (ADMIN_OFFICER only): the day is again what its weekday makes it.
     *
     * @throws DomainException 403 {@code forbidden}; 404 when the day has no entry
     */
    @Transactional
    public void remove(LocalDate day, CustosUser by) {
        requireOfficer(CalendarAudit.DAY_REMOVED, day, by);
        Boolean working = jdbc.sql("select working from working_calendar_day where calendar_day = ?").param(day)
                .query(Boolean.class).optional().orElseThrow(DomainException::notFound);
        copy.changed();
        if (jdbc.sql("delete from working_calendar_day where calendar_day = ?").param(day).update() != 1) {
            throw DomainException.conflict("calendar-changed");
        }
        audit.changed(CalendarAudit.DAY_REMOVED, day, working, by.actor());
    }

    private void requireOfficer(String action, LocalDate day, CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER) || by.partner()) {
            audit.refused(action, day, by.actor());
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
    }

    static void requireInRange(LocalDate day) {
        if (day.getYear() < FIRST_YEAR || day.getYear() > LAST_YEAR) {
            throw DomainException.unprocessable("calendar-date-invalid", Map.of("field", "day"));
        }
    }

    private static String name(@Nullable String value, String field) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw DomainException.unprocessable("calendar-name-required", Map.of("field", field));
        }
        if (ControlCharacters.present(trimmed, false)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            throw DomainException.unprocessable("calendar-name-too-long", Map.of("field", field, "max", MAX_NAME),
                    MAX_NAME);
        }
        return trimmed;
    }
}
