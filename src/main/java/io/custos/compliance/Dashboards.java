package io.custos.compliance;

import static io.custos.compliance.Indicator.BREAK_GLASS_UNREVIEWED;
import static io.custos.compliance.Indicator.CUSTOMERS_PAST_RETENTION;
import static io.custos.compliance.Indicator.OVERDUE_CASES;
import static io.custos.compliance.Indicator.OVERDUE_HANDOVERS;
import static io.custos.compliance.Indicator.OVERDUE_INCIDENT_CLOCKS;
import static io.custos.compliance.Indicator.OVERDUE_RECTIFICATIONS;
import static io.custos.compliance.Indicator.OVERDUE_VULNERABILITIES;
import static io.custos.compliance.Indicator.REPORTS_PAST_ANSWER_DATE;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.custos.audit.AuditSeries;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Months;

/**
 * The dashboards (issue 22.3): management's (the company's map colours, the clauses that need
 * attention, everything past its deadline, twelve months of trends), a department head's (the same
 * for a department they head) and the auditor's (the log's volume, its chains, emergency access and
 * its reviews). Decides who sees which, and which figures link to records the viewer may open.
 */
@Service
public class Dashboards {

    /** The map's readings of things past a deadline, summed into one overdue count. */
    public static final List<Indicator> OVERDUE = List.of(OVERDUE_CASES, OVERDUE_RECTIFICATIONS,
            OVERDUE_VULNERABILITIES, OVERDUE_HANDOVERS, OVERDUE_INCIDENT_CLOCKS, REPORTS_PAST_ANSWER_DATE,
            BREAK_GLASS_UNREVIEWED, CUSTOMERS_PAST_RETENTION);

    private final ComplianceMaps maps;
    private final Trends trends;
    private final AuditSeries audit;

    Dashboards(ComplianceMaps maps, Trends trends, AuditSeries audit) {
        this.maps = maps;
        this.trends = trends;
        this.audit = audit;
    }

    /**
     * A dashboard's content: the map with its colour counts, its red and amber clauses (worst first),
     * the overdue readings (one per indicator, in {@link #OVERDUE} order) and their sum, and the trends.
     */
    public record Overview(MapView map, Map<Status, Integer> counts, List<ClauseView> attention,
            List<Reading> overdue, long overdueTotal, Trends.TrendSet trends) {
    }

    /** The auditor's: each chain's state, the last verification asked for, and the trends. */
    public record AuditOverview(List<AuditSeries.ChainState> chains, AuditSeries.@Nullable Verification lastVerification,
            Trends.TrendSet trends) {
    }

    /** Management sees the company's dashboard, a department head their departments'. */
    public static boolean seesDashboard(CustosUser viewer) {
        return !viewer.partner() && (viewer.hasRole(Role.MANAGEMENT) || viewer.hasRole(Role.DEPT_HEAD));
    }

    public static boolean seesAuditDashboard(CustosUser viewer) {
        return !viewer.partner() && viewer.hasRole(Role.AUDITOR);
    }

    /** The board report is for the management meeting and the auditor. */
    public static boolean makesBoardReport(CustosUser viewer) {
        return !viewer.partner() && (viewer.hasRole(Role.MANAGEMENT) || viewer.hasRole(Role.AUDITOR));
    }

    /**
     * The departments the viewer may pick: every department for management, the headed ones for a head.
     *
     * @throws DomainException 403 for anyone without a dashboard
     */
    public List<UUID> departments(CustosUser viewer) {
        requireDashboard(viewer);
        return maps.departmentsOf(viewer);
    }

    /**
     * Which dashboard a request means: the company's for management when no department is asked, a
     * head's first department otherwise; a department asked must be one the viewer may pick.
     *
     * @throws DomainException 403 for anyone without a dashboard or a department not theirs
     */
    public @Nullable UUID departmentFor(CustosUser viewer, @Nullable UUID asked) {
        requireDashboard(viewer);
        List<UUID> allowed = maps.departmentsOf(viewer);
        if (asked != null) {
            if (!allowed.contains(asked)) {
                throw forbidden();
            }
            return asked;
        }
        if (viewer.hasRole(Role.MANAGEMENT)) {
            return null;
        }
        if (allowed.isEmpty()) {
            throw forbidden();
        }
        return allowed.get(0);
    }

    /** The dashboard of the company ({@code department} null, management only) or of one department. */
    public Overview overview(CustosUser viewer, @Nullable UUID department) {
        return overview(viewer, department, trends.yearEnding(trends.thisMonth()));
    }

    /** The same over the given months (the board report's quarter). */
    public Overview overview(CustosUser viewer, @Nullable UUID department, Months months) {
        requireDashboardOrReport(viewer, department);
        return overview(maps.current(viewer, department), months);
    }

    /**
     * The company's dashboard over the given months with the map as recorded at the end of a day (a
     * closed quarter's last), or none when no record was taken within the months.
     */
    public java.util.Optional<Overview> recorded(CustosUser viewer, LocalDate day, Months months) {
        requireDashboardOrReport(viewer, null);
        LocalDate first = months.months().get(0).atDay(1);
        return maps.recorded(viewer, first, day).map(map -> overview(map, months));
    }

    private Overview overview(MapView map, Months months) {
        List<Reading> overdue = overdue(map);
        return new Overview(map, map.counts(), attention(map), overdue, sum(overdue),
                trends.activity(map.department(), months));
    }

    /** The auditor's dashboard over the twelve months ending this month. */
    public AuditOverview audit(CustosUser viewer) {
        if (!seesAuditDashboard(viewer)) {
            throw forbidden();
        }
        return new AuditOverview(audit.chains(), audit.lastVerification(),
                trends.audit(trends.yearEnding(trends.thisMonth())));
    }

    /** Whether the viewer may open the page behind a reading. */
    public static boolean opens(CustosUser viewer, Indicator indicator) {
        return indicator.link() != null && !viewer.partner() && viewer.hasAnyRole(indicator.linkRoles());
    }

    /**
     * The list behind one trend for one month (or all its months when {@code month} is null) if the
     * viewer may open it, narrowed to the department where the list can be.
     */
    public @Nullable String link(CustosUser viewer, Trends.Trend trend, Months months, @Nullable YearMonth month,
            @Nullable UUID department) {
        if (viewer.partner() || !viewer.hasAnyRole(trend.linkRoles())) {
            return null;
        }
        ZoneId zone = trends.zone();
        LocalDate first = (month == null ? months.months().get(0) : month).atDay(1);
        LocalDate last = (month == null ? months.months().get(months.size() - 1) : month).atEndOfMonth();
        StringBuilder link = new StringBuilder(trend.link());
        char join = trend.link().contains("?") ? '&' : '?';
        switch (trend.period()) {
            case INSTANTS -> link.append(join).append("from=").append(first.atStartOfDay(zone).toInstant())
                    .append("&to=").append(last.plusDays(1).atStartOfDay(zone).toInstant());
            case DAYS -> {
                link.append(join).append("from=").append(first).append("&to=").append(last);
                if (department != null && trend == Trends.Trend.ALERTS) {
                    link.append("&department=").append(department);
                }
            }
            case NONE -> {
                // The list has no period; it opens on what the reader may see.
            }
        }
        return link.toString();
    }

    static List<ClauseView> attention(MapView map) {
        List<ClauseView> red = new ArrayList<>();
        List<ClauseView> amber = new ArrayList<>();
        for (ClauseView clause : map.clauses()) {
            if (clause.status() == Status.RED) {
                red.add(clause);
            } else if (clause.status() == Status.AMBER) {
                amber.add(clause);
            }
        }
        red.addAll(amber);
        return red;
    }

    /** Each overdue indicator's reading once, wherever the map shows it (clauses or unmapped controls). */
    static List<Reading> overdue(MapView map) {
        Map<Indicator, Reading> found = new EnumMap<>(Indicator.class);
        List<ControlView> controls = new ArrayList<>(map.unmappedControls());
        map.clauses().forEach(c -> controls.addAll(c.controls()));
        for (ControlView control : controls) {
            for (Reading reading : control.readings()) {
                if (OVERDUE.contains(reading.indicator())) {
                    found.putIfAbsent(reading.indicator(), reading);
                }
            }
        }
        List<Reading> readings = new ArrayList<>();
        OVERDUE.forEach(i -> {
            Reading r = found.get(i);
            if (r != null) {
                readings.add(r);
            }
        });
        return readings;
    }

    private static long sum(List<Reading> readings) {
        return readings.stream().mapToLong(r -> r.value() == null ? 0 : r.value()).sum();
    }

    private void requireDashboardOrReport(CustosUser viewer, @Nullable UUID department) {
        if (department == null) {
            if (!viewer.partner() && (viewer.hasRole(Role.MANAGEMENT) || viewer.hasRole(Role.AUDITOR))) {
                return;
            }
            throw forbidden();
        }
        if (!seesDashboard(viewer) || !maps.departmentsOf(viewer).contains(department)) {
            throw forbidden();
        }
    }

    private static void requireDashboard(CustosUser viewer) {
        if (!seesDashboard(viewer)) {
            throw forbidden();
        }
    }

    private static DomainException forbidden() {
        return new DomainException("forbidden", HttpStatus.FORBIDDEN);
    }
}
