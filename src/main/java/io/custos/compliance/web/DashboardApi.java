package io.custos.compliance.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.custos.compliance.BoardReport;
import io.custos.compliance.ClauseView;
import io.custos.compliance.ControlView;
import io.custos.compliance.Dashboards;
import io.custos.compliance.Indicator;
import io.custos.compliance.PolicyRef;
import io.custos.compliance.Reading;
import io.custos.compliance.Status;
import io.custos.compliance.Thresholds;
import io.custos.compliance.Trends;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.FormValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The dashboards and the board report over HTTP (issue 22.7): management's dashboard for the
 * company, a head's for a department they head (the first when none is named), and the quarter's
 * board report as PDF for management and the auditor. Codes, counts and ISO 8601 times only.
 */
@RestController
@RequestMapping("/api/v1/compliance")
@Tag(name = "Compliance")
class DashboardApi {

    private final Dashboards dashboards;
    private final BoardReport reports;

    DashboardApi(Dashboards dashboards, BoardReport reports) {
        this.dashboards = dashboards;
        this.reports = reports;
    }

    /** One reading where the map shows it: the clause key (none for a control no clause names) and control. */
    record ReadingJson(@Nullable String clause, String control, Indicator indicator, @Nullable Long value,
            Indicator.Unit unit, @Nullable Instant at, Status status, @Nullable Thresholds thresholds,
            boolean companyWide, boolean tuned) {

        static ReadingJson of(@Nullable String clause, ControlView control, Reading r) {
            return new ReadingJson(clause, control.control().name(), r.indicator(), r.value(), r.indicator().unit(),
                    r.at(), r.status(), r.thresholds(), r.companyWide(), r.tuned());
        }
    }

    record ClauseJson(String key, String numberZh, String numberEn, String headingZh, String headingEn,
            Status status) {

        static ClauseJson of(ClauseView c) {
            return new ClauseJson(c.clause().key(), c.clause().numberZh(), c.clause().numberEn(),
                    c.clause().headingZh(), c.clause().headingEn(), c.status());
        }
    }

    record OverdueJson(long total, List<ReadingJson> readings) {
    }

    /** The months (oldest first, {@code 2026-04}) and each trend's count per month. */
    record SeriesJson(List<String> months, Map<Trends.Trend, List<Long>> counts, List<Trends.Trend> companyWide) {
    }

    record DashboardJson(@Nullable UUID department, @Nullable PolicyRef policy, Instant computedAt,
            Map<Status, Integer> counts, List<ClauseJson> attention, List<ReadingJson> readings, OverdueJson overdue,
            SeriesJson series) {
    }

    @GetMapping("/dashboard")
    @Operation(summary = "The dashboard: the map's colour counts, the clauses needing attention, every reading, "
            + "the overdue readings and their sum, and twelve months of trends (management: the company; "
            + "a department head: a department they head)")
    DashboardJson dashboard(@RequestParam(required = false) @Nullable String department,
            @AuthenticationPrincipal CustosUser me) {
        UUID asked = FormValues.uuidOf(department);
        if (department != null && !department.isBlank() && asked == null) {
            throw DomainException.unprocessable("bad-request", Map.of("field", "department"));
        }
        UUID chosen = dashboards.departmentFor(me, asked);
        Dashboards.Overview o = dashboards.overview(me, chosen);
        List<ReadingJson> readings = new ArrayList<>();
        for (ClauseView clause : o.map().clauses()) {
            for (ControlView control : clause.controls()) {
                control.readings().forEach(r -> readings.add(ReadingJson.of(clause.clause().key(), control, r)));
            }
        }
        for (ControlView control : o.map().unmappedControls()) {
            control.readings().forEach(r -> readings.add(ReadingJson.of(null, control, r)));
        }
        List<ReadingJson> overdue = new ArrayList<>();
        for (Reading r : o.overdue()) {
            overdue.add(new ReadingJson(null, control(r.indicator()), r.indicator(), r.value(), r.indicator().unit(),
                    r.at(), r.status(), r.thresholds(), r.companyWide(), r.tuned()));
        }
        Map<Trends.Trend, List<Long>> counts = new LinkedHashMap<>();
        List<Trends.Trend> companyWide = new ArrayList<>();
        for (Trends.Series s : o.trends().series()) {
            counts.put(s.trend(), s.values());
            if (s.companyWide()) {
                companyWide.add(s.trend());
            }
        }
        return new DashboardJson(chosen, o.map().policy(), o.map().computedAt(), o.counts(),
                o.attention().stream().map(ClauseJson::of).toList(), readings, new OverdueJson(o.overdueTotal(),
                        overdue), new SeriesJson(DashboardWords.monthLabels(o.trends().months()), counts,
                                companyWide));
    }

    @GetMapping("/report")
    @Operation(summary = "The board report of a quarter as PDF (quarter 2026Q4 or 2026-Q4, lang zh-CN or en): "
            + "management and the auditor; 422 for a quarter that is not one or has not begun")
    ResponseEntity<byte[]> report(@RequestParam(required = false) @Nullable String quarter,
            @RequestParam(required = false) @Nullable String lang, @AuthenticationPrincipal CustosUser me) {
        return DashboardPages.pdf(reports.render(me, quarter, lang));
    }

    private static String control(Indicator indicator) {
        for (io.custos.compliance.Control c : io.custos.compliance.Control.values()) {
            if (c.indicators().contains(indicator)) {
                return c.name();
            }
        }
        return "";
    }
}
