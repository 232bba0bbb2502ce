package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.Months;
import io.custos.shared.web.Times;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * The dashboards' monthly series (issue 22.3) count seeded rows into the right month of the company's
 * zone, for a fresh department exactly (its staff, its customers) and for the company as a delta: a
 * row at the first instant of a month counts in that month, one just before it in the month before.
 */
@IntegrationTest
class TrendsTests {

    @Autowired Trends trends;
    @Autowired AuditLog audit;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired Times times;
    @Autowired io.custos.keys.DataKeys keys;

    ZoneId zone;
    Months months;
    UUID department;
    UUID other;
    TestAccounts.Account staff;
    TestAccounts.Account outsider;

    @BeforeEach
    void seed() {
        zone = times.companyZone();
        // A year long past that no other test writes into, counted from its March.
        months = Months.of(YearMonth.of(2019, 3), 12, zone);
        department = accounts.department("TREND-" + UUID.randomUUID().toString().substring(0, 6));
        other = accounts.department("TREND-" + UUID.randomUUID().toString().substring(0, 6));
        staff = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        outsider = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(staff, department);
        accounts.moveTo(outsider, other);
    }

    @Test
    void activityIsCountedPerMonthInTheCompanysZoneForTheDepartmentAndTheCompany() {
        Trends.TrendSet before = trends.activity(null, months);
        Instant march = start(2019, 3);
        Instant may = start(2019, 5);
        Instant lastOfApril = may.minusMillis(1);

        reveal(staff, march.plusSeconds(60), AuditOutcome.ALLOWED);
        reveal(staff, march.plusSeconds(120), AuditOutcome.ALLOWED);
        reveal(staff, may, AuditOutcome.DENIED);
        reveal(staff, lastOfApril, AuditOutcome.DENIED);
        reveal(outsider, march.plusSeconds(60), AuditOutcome.ALLOWED);
        alert(department, may);
        alert(department, may.plusSeconds(3600));
        alert(other, may);
        kase(department, march.plusSeconds(3600));
        kase(other, march.plusSeconds(3600));
        incident(may.plusSeconds(7200));
        UUID course = course();
        pass(course, staff, march.plusSeconds(600), true);
        pass(course, staff, march.plusSeconds(300), false);
        pass(course, outsider, march.plusSeconds(600), true);

        Trends.TrendSet mine = trends.activity(department, months);
        assertThat(values(mine, Trends.Trend.REVEALS)).startsWith(2L, 0L, 0L).containsOnly(2L, 0L)
                .as("only the department's staff").hasSize(12);
        assertThat(mine.of(Trends.Trend.REVEALS).total()).isEqualTo(2);
        assertThat(values(mine, Trends.Trend.REFUSALS)).startsWith(0L, 1L, 1L).as("the month's first instant is in it");
        assertThat(mine.of(Trends.Trend.REFUSALS).total()).isEqualTo(2);
        assertThat(values(mine, Trends.Trend.ALERTS)).startsWith(0L, 0L, 2L);
        assertThat(mine.of(Trends.Trend.ALERTS).total()).isEqualTo(2);
        assertThat(values(mine, Trends.Trend.CASES)).startsWith(1L);
        assertThat(mine.of(Trends.Trend.CASES).total()).isEqualTo(1);
        assertThat(values(mine, Trends.Trend.TRAINING_PASSES)).startsWith(1L).as("a failed attempt is no pass");
        assertThat(mine.of(Trends.Trend.TRAINING_PASSES).total()).isEqualTo(1);
        assertThat(mine.of(Trends.Trend.INCIDENTS).companyWide()).as("incidents belong to the company").isTrue();

        Trends.TrendSet company = trends.activity(null, months);
        assertThat(delta(company, before, Trends.Trend.REVEALS, 0)).isEqualTo(3);
        assertThat(delta(company, before, Trends.Trend.REFUSALS, 1)).isEqualTo(1);
        assertThat(delta(company, before, Trends.Trend.REFUSALS, 2)).isEqualTo(1);
        assertThat(delta(company, before, Trends.Trend.ALERTS, 2)).isEqualTo(3);
        assertThat(delta(company, before, Trends.Trend.CASES, 0)).isEqualTo(2);
        assertThat(delta(company, before, Trends.Trend.INCIDENTS, 2)).isEqualTo(1);
        assertThat(delta(company, before, Trends.Trend.TRAINING_PASSES, 0)).isEqualTo(2);
        assertThat(company.of(Trends.Trend.INCIDENTS).companyWide()).isFalse();
        assertThat(company.months().months()).first().isEqualTo(YearMonth.of(2019, 3));
    }

    @Test
    void theAuditorsSeriesCountTheLogAndEmergencyAccessesOpenedAndReviewed() {
        Months one = Months.of(YearMonth.of(2019, 7), 12, zone);
        Trends.TrendSet before = trends.audit(one);
        Instant july = start(2019, 7);
        reveal(staff, july.plusSeconds(5), AuditOutcome.ALLOWED);
        reveal(staff, july.plusSeconds(6), AuditOutcome.DENIED);
        breakGlass(staff, july.plusSeconds(60), start(2019, 8).plusSeconds(60));
        breakGlass(staff, july.plusSeconds(120), null);

        Trends.TrendSet after = trends.audit(one);
        assertThat(delta(after, before, Trends.Trend.AUDIT_EVENTS, 0)).isEqualTo(2);
        assertThat(delta(after, before, Trends.Trend.BREAK_GLASS_OPENED, 0)).isEqualTo(2);
        assertThat(delta(after, before, Trends.Trend.BREAK_GLASS_REVIEWED, 0)).isZero();
        assertThat(delta(after, before, Trends.Trend.BREAK_GLASS_REVIEWED, 1)).as("counted when reviewed").isEqualTo(1);
    }

    @Test
    void aDepartmentWithoutStaffCountsNothingOfItsStaff() {
        UUID empty = accounts.department("TREND-" + UUID.randomUUID().toString().substring(0, 6));
        Trends.TrendSet set = trends.activity(empty, months);
        assertThat(set.of(Trends.Trend.REVEALS).total()).isZero();
        assertThat(set.of(Trends.Trend.TRAINING_PASSES).total()).isZero();
        assertThat(set.series()).hasSize(6);
    }

    private Instant start(int year, int month) {
        return YearMonth.of(year, month).atDay(1).atStartOfDay(zone).toInstant();
    }

    private static List<Long> values(Trends.TrendSet set, Trends.Trend trend) {
        return set.of(trend).values();
    }

    private static long delta(Trends.TrendSet after, Trends.TrendSet before, Trends.Trend trend, int month) {
        return after.of(trend).values().get(month) - before.of(trend).values().get(month);
    }

    private void reveal(TestAccounts.Account who, Instant at, AuditOutcome outcome) {
        Instant now = clock.instant();
        clock.set(at);
        try {
            audit.recordAlone(AuditEvent.of(AuditCategory.DATA, Trends.REVEAL, outcome)
                    .actor(new Actor(Actor.ActorType.EMPLOYEE, who.id(), who.username()))
                    .target("customer", "c" + UUID.randomUUID()).detail("field", "phone").build());
        } finally {
            clock.set(now);
        }
    }

    private void alert(UUID department, Instant at) {
        jdbc.sql("""
                insert into monitoring_alert (id, rule_kind, rule_version, severity, subject_key, subject_id, department_id,
                figure, threshold, window_minutes, first_event_at, last_event_at, trigger_event, raised_at, repeats, status,
                triaged_at, version) values (?, 'BULK_READING', 1, 'HIGH', ?, null, ?, 60, 50, 10, ?, ?, ?, ?, 0,
                'FALSE_POSITIVE', ?, 0)""")
                .params(UUID.randomUUID(), "person:" + UUID.randomUUID(), department, utc(at), utc(at),
                        Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L), utc(at), utc(at))
                .update();
    }

    private void kase(UUID department, Instant at) {
        java.sql.Date day = java.sql.Date.valueOf(at.atZone(zone).toLocalDate());
        jdbc.sql("""
                insert into casework_case (id, reference, type, channel, customer_id, department_id, status, received_on,
                received_at, working_days, extension_days, paused_days, due_on, escalation, outcome, closed_at, version)
                values (?, ?, 'COPY', 'LETTER', ?, ?, 'CLOSED', ?, ?, 15, 0, 0, ?, 'NONE', 'GRANTED', ?, 0)""")
                .params(UUID.randomUUID(), "T-" + UUID.randomUUID().toString().substring(0, 12), UUID.randomUUID(),
                        department, day, utc(at), day, utc(at))
                .update();
    }

    private void incident(Instant at) {
        // Sealed like the module's own, so that anything reading every incident's words can open it.
        UUID id = UUID.randomUUID();
        UUID owner = UUID.nameUUIDFromBytes("custos:incident-module-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        keys.ensure(owner);
        String summary = keys.encrypt(owner, "incident:" + id + ":summary", "A trend's closed incident.");
        jdbc.sql("""
                insert into incident_incident (id, reference, severity, status, data_categories, detected_at, opened_at,
                opened_by, summary_cipher, affected_count, closed_at, version)
                values (?, ?, 'GENERAL', 'CLOSED', 'CONTACT', ?, ?, ?, ?, 0, ?, 0)""")
                .params(id, "T-" + UUID.randomUUID().toString().substring(0, 12), utc(at), utc(at), staff.id(), summary,
                        utc(at))
                .update();
    }

    private UUID course() {
        UUID id = UUID.randomUUID();
        Instant at = start(2019, 1);
        jdbc.sql("""
                insert into training_course (id, title_zh, title_en, summary_zh, summary_en, pass_mark, question_count,
                mandatory, state, created_by, created_at, updated_at, published_at, retired_at)
                values (?, '趋势', 'Trend', '-', '-', 60, 1, false, 'RETIRED', ?, ?, ?, ?, ?)""")
                .params(id, staff.id(), utc(at), utc(at), utc(at), utc(at)).update();
        return id;
    }

    private int attempts;

    private void pass(UUID course, TestAccounts.Account who, Instant at, boolean passed) {
        jdbc.sql("""
                insert into training_attempt (id, course_id, employee_id, started_at, submitted_at, question_count,
                correct_count, score, passed, number) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), course, who.id(), utc(at.minusSeconds(60)), utc(at), passed ? 1 : 0,
                        passed ? 100 : 0, passed, ++attempts)
                .update();
    }

    private void breakGlass(TestAccounts.Account who, Instant at, Instant reviewedAt) {
        jdbc.sql("""
                insert into break_glass (id, customer_id, department_id, employee_id, justification, requested_at,
                expires_at, reviewed_at, review_outcome) values (?, ?, ?, ?, 'A customer called in distress.', ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), UUID.randomUUID(), department, who.id(), utc(at), utc(at.plusSeconds(3600)),
                        reviewedAt == null ? null : utc(reviewedAt), reviewedAt == null ? null : "JUSTIFIED")
                .update();
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
