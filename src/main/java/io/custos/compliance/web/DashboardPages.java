package io.custos.compliance.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.custos.compliance.BoardReport;
import io.custos.compliance.ClauseView;
import io.custos.compliance.ControlView;
import io.custos.compliance.Dashboards;
import io.custos.compliance.Reading;
import io.custos.compliance.Status;
import io.custos.compliance.Trends;
import io.custos.identity.CustosUser;
import io.custos.shared.web.FormValues;

/**
 * The dashboards' pages (issue 22.3): management's for the company, a department head's for a
 * department they head, the auditor's; each chart drawn by the static script from its data, with
 * its table underneath; each figure a link to the records behind it when the viewer may open them.
 * The board report (issue 22.4) is downloaded from here too.
 */
@Controller
@RequestMapping("/compliance/dashboard")
class DashboardPages {

    static final List<Trends.Trend> USE = List.of(Trends.Trend.REVEALS, Trends.Trend.REFUSALS);
    static final List<Trends.Trend> WORK = List.of(Trends.Trend.ALERTS, Trends.Trend.CASES, Trends.Trend.INCIDENTS,
            Trends.Trend.TRAINING_PASSES);
    static final List<Trends.Trend> AUDIT = List.of(Trends.Trend.AUDIT_EVENTS);
    static final List<Trends.Trend> BREAK_GLASS = List.of(Trends.Trend.BREAK_GLASS_OPENED,
            Trends.Trend.BREAK_GLASS_REVIEWED);

    private final Dashboards dashboards;
    private final BoardReport reports;
    private final DashboardWords words;

    DashboardPages(Dashboards dashboards, BoardReport reports, DashboardWords words) {
        this.dashboards = dashboards;
        this.reports = reports;
        this.words = words;
    }

    /** A clause that needs attention: its number and heading in the reader's language, its failing readings. */
    record ClauseRow(String id, String number, String heading, String text, Status status, String statusWords,
            List<ReadingLine> readings) {
    }

    /** A reading under a clause, with its control in words. */
    record ReadingLine(String control, DashboardWords.ReadingRow reading) {
    }

    /** A colour's count of clauses. */
    record ColourRow(Status status, String words, int count) {
    }

    @GetMapping
    String dashboard(@RequestParam(required = false) @Nullable String department,
            @AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        UUID chosen = dashboards.departmentFor(me, FormValues.uuidOf(department));
        Dashboards.Overview overview = dashboards.overview(me, chosen);
        boolean zh = "zh".equals(locale.getLanguage());

        Map<UUID, String> departments = words.departmentNames(dashboards.departments(me), locale);
        List<ColourRow> colours = new ArrayList<>();
        for (Status status : DashboardWords.ORDER) {
            colours.add(new ColourRow(status, words.status(status, locale), overview.counts().getOrDefault(status, 0)));
        }
        List<ClauseRow> attention = new ArrayList<>();
        for (ClauseView clause : overview.attention()) {
            List<ReadingLine> lines = new ArrayList<>();
            for (ControlView control : clause.controls()) {
                for (Reading reading : control.readings()) {
                    if (reading.status() == Status.RED || reading.status() == Status.AMBER) {
                        lines.add(new ReadingLine(words.say("compliance.control." + control.control(), locale),
                                words.reading(reading, me, locale)));
                    }
                }
            }
            attention.add(new ClauseRow("clause-" + clause.clause().key().replace('.', '-'),
                    zh ? clause.clause().numberZh() : clause.clause().numberEn(),
                    zh ? clause.clause().headingZh() : clause.clause().headingEn(),
                    zh ? clause.clause().textZh() : clause.clause().textEn(), clause.status(),
                    words.status(clause.status(), locale), lines));
        }
        List<DashboardWords.ReadingRow> overdue = new ArrayList<>();
        overview.overdue().forEach(r -> overdue.add(words.reading(r, me, locale)));
        Trends.TrendSet trends = overview.trends();
        List<DashboardWords.TrendRow> use = words.rows(trends, USE, me, locale);
        List<DashboardWords.TrendRow> work = words.rows(trends, WORK, me, locale);

        model.addAttribute("overview", overview);
        model.addAttribute("policy", overview.map().policy());
        model.addAttribute("policyTitle", overview.map().policy() == null ? null
                : zh ? overview.map().policy().titleZh() : overview.map().policy().titleEn());
        model.addAttribute("department", chosen);
        model.addAttribute("departmentName", chosen == null ? null : departments.get(chosen));
        model.addAttribute("departments", departments);
        model.addAttribute("mapLink", chosen == null ? "/compliance/map" : "/compliance/map?department=" + chosen);
        model.addAttribute("company", me.hasRole(io.custos.identity.Role.MANAGEMENT));
        model.addAttribute("colours", colours);
        model.addAttribute("colourChart", words.colourChart(overview.counts(), locale));
        model.addAttribute("attention", attention);
        model.addAttribute("overdue", overdue);
        model.addAttribute("overdueTotal", overview.overdueTotal());
        model.addAttribute("months", DashboardWords.monthLabels(trends.months()));
        model.addAttribute("useRows", use);
        model.addAttribute("workRows", work);
        model.addAttribute("useChart", DashboardWords.lineChart(use, trends.months()));
        model.addAttribute("workChart", DashboardWords.lineChart(work, trends.months()));
        model.addAttribute("firstMonth", trends.months().months().get(0));
        model.addAttribute("lastMonth", trends.months().months().get(trends.months().size() - 1));
        model.addAttribute("report", chosen == null && Dashboards.makesBoardReport(me));
        model.addAttribute("quarters", reports.quarters());
        return "compliance/dashboard";
    }

    @GetMapping("/audit")
    String audit(@AuthenticationPrincipal CustosUser me, Model model, Locale locale) {
        Dashboards.AuditOverview overview = dashboards.audit(me);
        Trends.TrendSet trends = overview.trends();
        List<DashboardWords.TrendRow> volume = words.rows(trends, AUDIT, me, locale);
        List<DashboardWords.TrendRow> breakGlass = words.rows(trends, BREAK_GLASS, me, locale);
        model.addAttribute("overview", overview);
        model.addAttribute("months", DashboardWords.monthLabels(trends.months()));
        model.addAttribute("volumeRows", volume);
        model.addAttribute("breakGlassRows", breakGlass);
        model.addAttribute("volumeChart", DashboardWords.lineChart(volume, trends.months()));
        model.addAttribute("breakGlassChart", DashboardWords.lineChart(breakGlass, trends.months()));
        model.addAttribute("firstMonth", trends.months().months().get(0));
        model.addAttribute("lastMonth", trends.months().months().get(trends.months().size() - 1));
        model.addAttribute("report", Dashboards.makesBoardReport(me));
        model.addAttribute("quarters", reports.quarters());
        return "compliance/dashboard-audit";
    }

    /** The board report as the page's button asks for it: the quarter chosen, in the language chosen. */
    @GetMapping("/report")
    ResponseEntity<byte[]> report(@RequestParam(defaultValue = "") String quarter,
            @RequestParam(defaultValue = "") String lang, @AuthenticationPrincipal CustosUser me) {
        BoardReport.Rendered pdf = reports.render(me, quarter, lang);
        return pdf(pdf);
    }

    static ResponseEntity<byte[]> pdf(BoardReport.Rendered pdf) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(pdf.fileName())
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(pdf.bytes());
    }
}
