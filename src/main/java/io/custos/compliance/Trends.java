package io.custos.compliance;

import java.time.LocalDate;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import io.custos.access.BreakGlassSeries;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditSeries;
import io.custos.casework.CaseSeries;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.incident.IncidentSeries;
import io.custos.monitoring.AlertSeries;
import io.custos.shared.Months;
import io.custos.shared.web.Times;
import io.custos.training.TrainingSeries;

/**
 * The dashboards' trends (issue 22.3): the owning modules' monthly counts put side by side, for the
 * company or one department (its current staff, its customers), over months in the company's zone.
 * Numbers only; who sees them is decided by {@link Dashboards}.
 */
@Service
public class Trends {

    /** The reveal of a customer's value in full, the action whose outcomes are reveals and refusals. */
    static final String REVEAL = "customer.field.revealed";
    static final int MONTHS = 12;

    /**
     * One trend: whether it can be counted for a department, and the list of the records behind it
     * with the roles that may open it (the list filters further by what each reader may see).
     */
    public enum Trend {
        REVEALS(true, "/audit/events?action=" + REVEAL + "&outcome=ALLOWED", Period.INSTANTS, Role.AUDITOR,
                Role.SECURITY_ADMIN),
        REFUSALS(true, "/audit/events?action=" + REVEAL + "&outcome=DENIED", Period.INSTANTS, Role.AUDITOR,
                Role.SECURITY_ADMIN),
        ALERTS(true, "/monitoring/alerts", Period.DAYS, Role.SECURITY_ADMIN, Role.AUDITOR, Role.DEPT_HEAD),
        CASES(true, "/cases", Period.NONE, Role.MANAGEMENT, Role.AUDITOR, Role.ADMIN_OFFICER, Role.DEPT_HEAD),
        INCIDENTS(false, "/incidents", Period.NONE, Role.MANAGEMENT, Role.SECURITY_ADMIN, Role.ADMIN_OFFICER,
                Role.AUDITOR),
        TRAINING_PASSES(true, "/training/reports/completion", Period.NONE, Role.ADMIN_OFFICER, Role.DEPT_HEAD),
        AUDIT_EVENTS(false, "/audit/events", Period.INSTANTS, Role.AUDITOR, Role.SECURITY_ADMIN),
        BREAK_GLASS_OPENED(false, "/audit/events?action=access.break-glass.opened&outcome=ALLOWED", Period.INSTANTS,
                Role.AUDITOR, Role.SECURITY_ADMIN),
        BREAK_GLASS_REVIEWED(false, "/audit/events?action=access.review.recorded&outcome=ALLOWED", Period.INSTANTS,
                Role.AUDITOR, Role.SECURITY_ADMIN);

        /** How the list behind a trend takes a month: as instants, as days (the last included), or not at all. */
        public enum Period {
            INSTANTS, DAYS, NONE
        }

        private final boolean departmental;
        private final String link;
        private final Period period;
        private final List<Role> linkRoles;

        Trend(boolean departmental, String link, Period period, Role... linkRoles) {
            this.departmental = departmental;
            this.link = link;
            this.period = period;
            this.linkRoles = List.of(linkRoles);
        }

        public boolean departmental() {
            return departmental;
        }

        public String link() {
            return link;
        }

        public Period period() {
            return period;
        }

        public List<Role> linkRoles() {
            return linkRoles;
        }
    }

    /** One trend's counts, oldest month first; {@code companyWide} on a department's dashboard when it cannot be split. */
    public record Series(Trend trend, List<Long> values, boolean companyWide) {

        public Series {
            values = List.copyOf(values);
        }

        public long total() {
            return values.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The trends over some months, for the company ({@code department} null) or one department. */
    public record TrendSet(Months months, @Nullable UUID department, List<Series> series) {

        public TrendSet {
            series = List.copyOf(series);
        }

        public @Nullable Series of(Trend trend) {
            return series.stream().filter(s -> s.trend() == trend).findFirst().orElse(null);
        }
    }

    private final AuditSeries audit;
    private final AlertSeries alerts;
    private final CaseSeries cases;
    private final IncidentSeries incidents;
    private final TrainingSeries training;
    private final BreakGlassSeries breakGlass;
    private final Employees employees;
    private final Times times;
    private final Clock clock;

    Trends(AuditSeries audit, AlertSeries alerts, CaseSeries cases, IncidentSeries incidents, TrainingSeries training,
            BreakGlassSeries breakGlass, Employees employees, Times times, Clock clock) {
        this.audit = audit;
        this.alerts = alerts;
        this.cases = cases;
        this.incidents = incidents;
        this.training = training;
        this.breakGlass = breakGlass;
        this.employees = employees;
        this.times = times;
        this.clock = clock;
    }

    /** The month it is now in the company's zone. */
    public YearMonth thisMonth() {
        return YearMonth.from(LocalDate.ofInstant(clock.instant(), times.companyZone()));
    }

    /** The twelve months ending with {@code last}, in the company's zone. */
    public Months yearEnding(YearMonth last) {
        return Months.ending(last, MONTHS, times.companyZone());
    }

    public ZoneId zone() {
        return times.companyZone();
    }

    /**
     * Reveals, refusals, alerts, cases, incidents and training passes: the company's, or those of one
     * department's current staff and customers (incidents belong to the company and say so).
     */
    public TrendSet activity(@Nullable UUID department, Months months) {
        @Nullable List<UUID> staff = department == null ? null : employees.staffOf(department);
        List<Series> series = new ArrayList<>();
        series.add(new Series(Trend.REVEALS, audit.perMonth(REVEAL, AuditOutcome.ALLOWED, staff, months), false));
        series.add(new Series(Trend.REFUSALS, audit.perMonth(REVEAL, AuditOutcome.DENIED, staff, months), false));
        series.add(new Series(Trend.ALERTS, alerts.raised(department, months), false));
        series.add(new Series(Trend.CASES, cases.opened(department, months), false));
        series.add(new Series(Trend.INCIDENTS, incidents.opened(months), department != null));
        series.add(new Series(Trend.TRAINING_PASSES, training.passes(staff, months), false));
        return new TrendSet(months, department, series);
    }

    /** The auditor's: the log's volume, emergency accesses opened and reviewed, company-wide. */
    public TrendSet audit(Months months) {
        return new TrendSet(months, null, List.of(new Series(Trend.AUDIT_EVENTS, audit.volume(months), false),
                new Series(Trend.BREAK_GLASS_OPENED, breakGlass.opened(null, months), false),
                new Series(Trend.BREAK_GLASS_REVIEWED, breakGlass.reviewed(null, months), false)));
    }

}
