package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The working-day calendar service (R-CUS-2, issue 19.4) on the application's database: the 2026
 * notice is seeded; only the administration department changes it, every change is audited and
 * applies at once. Abuse considered: a department head or the system administrator moving holidays
 * to stretch or shorten deadlines (refused and recorded), a name that carries control characters
 * into exports, a "make-up working day" on a weekday that would shorten no deadline but disguise a
 * record. Changes use 2031, far from any other test, and are undone after each test.
 */
@IntegrationTest
class WorkingCalendarServiceTests {

    static final LocalDate WEDNESDAY = LocalDate.parse("2031-06-04");
    static final LocalDate SATURDAY = LocalDate.parse("2031-06-07");

    @Autowired WorkingCalendar calendar;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    CustosUser officer;

    @BeforeEach
    void anOfficer() {
        officer = Gate.user(accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)), Set.of(Role.ADMIN_OFFICER));
    }

    @AfterEach
    void undo() {
        calendar.year(2031).forEach(d -> calendar.remove(d.day(), officer));
        jdbc.sql("delete from working_calendar_day where calendar_day between ? and ?")
                .params(LocalDate.of(2031, 1, 1), LocalDate.of(2031, 12, 31)).update();
        clock.advance(Duration.ofSeconds(6));
    }

    @Test
    @DisplayName("R-CUS-2: the 2026 notice is seeded; the Spring Festival case of 2026-02-12 is due on 2026-03-11")
    void seeded2026() {
        assertThat(calendar.covers(2026)).isTrue();
        List<CalendarDay> notice = WorkingDayArithmeticTests.notice2026().stream()
                .sorted(java.util.Comparator.comparing(CalendarDay::day)).toList();
        assertThat(calendar.year(2026)).extracting(CalendarDay::day, CalendarDay::working)
                .containsExactlyElementsOf(notice.stream()
                        .map(d -> org.assertj.core.groups.Tuple.tuple(d.day(), d.working())).toList());
        assertThat(calendar.year(2026)).filteredOn(CalendarDay::working).extracting(CalendarDay::day)
                .containsExactly(LocalDate.parse("2026-01-04"), LocalDate.parse("2026-02-14"),
                        LocalDate.parse("2026-02-28"), LocalDate.parse("2026-05-09"), LocalDate.parse("2026-09-20"),
                        LocalDate.parse("2026-10-10"));
        assertThat(calendar.year(2026).get(31)).isEqualTo(new CalendarDay(LocalDate.parse("2026-10-01"), false,
                "国庆节", "National Day"));
        assertThat(calendar.addWorkingDays(LocalDate.parse("2026-02-12"), 15)).isEqualTo(LocalDate.parse("2026-03-11"));
        assertThat(calendar.workingDaysBetween(LocalDate.parse("2026-03-11"), LocalDate.parse("2026-02-12")))
                .isEqualTo(-15);
    }

    @Test
    @DisplayName("R-CUS-2: the administration officer adds, replaces and removes a day; each change applies at once and is audited")
    void setReplaceRemoveAudited() {
        assertThat(calendar.covers(2031)).isFalse();
        assertThat(calendar.isWorkingDay(WEDNESDAY)).isTrue();

        CalendarDay holiday = calendar.set(WEDNESDAY, false, " 端午节 ", "Dragon Boat Festival", officer);
        assertThat(holiday).isEqualTo(new CalendarDay(WEDNESDAY, false, "端午节", "Dragon Boat Festival"));
        assertThat(calendar.isWorkingDay(WEDNESDAY)).isFalse();
        assertThat(calendar.covers(2031)).isTrue();
        // Tuesday 06-03 + 1 working day skips the holiday to Thursday.
        assertThat(calendar.addWorkingDays(WEDNESDAY.minusDays(1), 1)).isEqualTo(WEDNESDAY.plusDays(1));

        calendar.set(SATURDAY, true, "端午节调休上班", "Dragon Boat Festival make-up working day", officer);
        assertThat(calendar.isWorkingDay(SATURDAY)).isTrue();
        calendar.set(SATURDAY, true, "调休", "Make-up day", officer);
        assertThat(calendar.year(2031)).containsExactly(holiday, new CalendarDay(SATURDAY, true, "调休", "Make-up day"));

        assertThat(jdbc.sql("select updated_by from working_calendar_day where calendar_day = ?").param(SATURDAY)
                .query(java.util.UUID.class).single()).isEqualTo(officer.id());
        assertThat(audited("casework.calendar.day-set", "ALLOWED")).hasSize(3)
                .allSatisfy(details -> assertThat(details).contains("\"day\":\"2031-06-")).last().asString()
                .contains("\"day\":\"2031-06-07\"", "\"working\":true");

        calendar.remove(SATURDAY, officer);
        assertThat(calendar.isWorkingDay(SATURDAY)).isFalse();
        assertThat(audited("casework.calendar.day-removed", "ALLOWED")).singleElement().asString()
                .contains("\"day\":\"2031-06-07\"", "\"working\":true");
        assertThatThrownBy(() -> calendar.remove(SATURDAY, officer)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @Test
    @DisplayName("R-CUS-2: a department head, the system administrator or an auditor cannot change the calendar; the attempt is recorded")
    void othersAreRefused() {
        calendar.set(WEDNESDAY, false, "节日", "Holiday", officer);
        for (Role role : List.of(Role.DEPT_HEAD, Role.SYSTEM_ADMIN, Role.AUDITOR, Role.EMPLOYEE, Role.MANAGEMENT)) {
            CustosUser other = Gate.user(accounts.create(clock.instant(), Set.of(role)), Set.of(role));
            assertThatThrownBy(() -> calendar.set(SATURDAY, true, "调休", "Make-up", other))
                    .as(role.name()).isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("forbidden");
                        assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    });
            assertThatThrownBy(() -> calendar.remove(WEDNESDAY, other)).as(role.name())
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
            assertThat(jdbc.sql("select count(*) from audit_event where actor_id = ? and outcome = 'DENIED' "
                    + "and action like 'casework.calendar.%'").param(other.id()).query(Long.class).single())
                    .as("both attempts of %s recorded", role).isEqualTo(2);
        }
        assertThat(calendar.year(2031)).extracting(CalendarDay::day).containsExactly(WEDNESDAY);
        assertThat(calendar.isWorkingDay(WEDNESDAY)).isFalse();
    }

    @Test
    @DisplayName("R-CUS-2: names and dates are checked: required, at most 60 characters, no control characters, a make-up working day only on a weekend, a year the calendar keeps")
    void badInputRefusedWithItsCode() {
        refused(() -> calendar.set(WEDNESDAY, false, "  ", "Holiday", officer), "calendar-name-required", "nameZh");
        refused(() -> calendar.set(WEDNESDAY, false, "节日", null, officer), "calendar-name-required", "nameEn");
        refused(() -> calendar.set(WEDNESDAY, false, "节".repeat(61), "Holiday", officer), "calendar-name-too-long",
                "nameZh");
        refused(() -> calendar.set(WEDNESDAY, false, "节日", "Holi\nday", officer), ControlCharacters.CODE, "nameEn");
        refused(() -> calendar.set(WEDNESDAY, false, "节\u0000日", "Holiday", officer), ControlCharacters.CODE, "nameZh");
        refused(() -> calendar.set(WEDNESDAY, true, "调休", "Make-up", officer), "calendar-working-not-weekend",
                "working");
        refused(() -> calendar.set(LocalDate.parse("1999-12-31"), false, "节日", "Holiday", officer),
                "calendar-date-invalid", "day");
        refused(() -> calendar.set(LocalDate.parse("2101-01-01"), false, "节日", "Holiday", officer),
                "calendar-date-invalid", "day");
        assertThat(calendar.year(2031)).isEmpty();
        assertThat(audited("casework.calendar.day-set", "ALLOWED")).isEmpty();

        // The limits themselves pass: 60 Chinese characters, and a holiday on a Saturday (ranges).
        assertThat(calendar.set(WEDNESDAY, false, "节".repeat(60), "H".repeat(60), officer).nameZh()).hasSize(60);
        assertThat(calendar.set(SATURDAY, false, "节日", "Holiday", officer).working()).isFalse();
    }

    @Test
    @DisplayName("R-CUS-2: a change another node makes reaches this one within the copy's refresh")
    void anotherNodesChange() {
        assertThat(calendar.isWorkingDay(WEDNESDAY)).isTrue();
        jdbc.sql("insert into working_calendar_day (calendar_day, working, name_zh, name_en, updated_at) "
                + "values (?, false, '节日', 'Holiday', ?)").params(WEDNESDAY,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        clock.advance(Duration.ofSeconds(6));
        assertThat(calendar.isWorkingDay(WEDNESDAY)).isFalse();
        assertThat(calendar.covers(2031)).isTrue();
    }

    private void refused(Runnable call, String code, String field) {
        assertThatThrownBy(call::run).as(code).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(e.properties()).containsEntry("field", field);
        });
    }

    private List<String> audited(String action, String outcome) {
        return jdbc.sql("select details from audit_event where action = ? and outcome = ? and actor_id = ? order by id")
                .params(action, outcome, officer.id()).query(String.class).list();
    }
}
