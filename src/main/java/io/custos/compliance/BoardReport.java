package io.custos.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.Months;
import io.custos.shared.web.Times;

/**
 * The board report (issue 22.4): management's dashboard for a chosen quarter as a PDF in Chinese or
 * English for the management meeting, with the quarter's months of each trend as charts and tables,
 * and the map's colours and evidence: for a closed quarter as recorded at its end, otherwise as they
 * stand when the report is generated, labelled so. For management and the auditor; each report
 * generated is audited.
 */
@Service
public class BoardReport {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-?[Qq]([1-4])");
    static final String ACTION = "compliance.report.generated";

    private final Dashboards dashboards;
    private final BoardReportPdf pdf;
    private final AuditLog audit;
    private final Times times;
    private final Clock clock;

    BoardReport(Dashboards dashboards, BoardReportPdf pdf, AuditLog audit, Times times, Clock clock) {
        this.dashboards = dashboards;
        this.pdf = pdf;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    /** A calendar quarter, written {@code 2026Q4}. */
    public record Quarter(int year, int number) {

        /** {@code 2026Q4} or {@code 2026-Q4}; none for anything else. */
        public static @Nullable Quarter parse(@Nullable String text) {
            if (text == null) {
                return null;
            }
            Matcher m = QUARTER.matcher(text.strip());
            return m.matches() ? new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
        }

        public static Quarter of(YearMonth month) {
            return new Quarter(month.getYear(), (month.getMonthValue() - 1) / 3 + 1);
        }

        public YearMonth firstMonth() {
            return YearMonth.of(year, (number - 1) * 3 + 1);
        }

        public Quarter previous() {
            return number == 1 ? new Quarter(year - 1, 4) : new Quarter(year, number - 1);
        }

        public String code() {
            return year + "Q" + number;
        }
    }

    /** A report as written: its quarter, language and bytes. */
    public record Rendered(Quarter quarter, Locale locale, byte[] bytes) {

        public String fileName() {
            return "board-report-" + quarter.code() + "-" + ("zh".equals(locale.getLanguage()) ? "zh-CN" : "en")
                    + ".pdf";
        }
    }

    /** The quarters a report can be asked for from the page: this one and the three before, newest first. */
    public List<Quarter> quarters() {
        Quarter q = Quarter.of(YearMonth.from(LocalDate.ofInstant(clock.instant(), times.companyZone())));
        List<Quarter> quarters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            quarters.add(q);
            q = q.previous();
        }
        return quarters;
    }

    /**
     * The report of a quarter in a language ({@code zh-CN} or {@code en}; Chinese when none is given).
     *
     * @throws DomainException 403 for anyone but management and the auditor; 422
     *         {@code compliance-report-quarter} for a quarter that is not one, or has not begun
     *         ({@code compliance-report-future}), or {@code compliance-report-language}
     */
    @Transactional
    public Rendered render(CustosUser viewer, @Nullable String quarterText, @Nullable String lang) {
        if (!Dashboards.makesBoardReport(viewer)) {
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        Quarter quarter = Quarter.parse(quarterText);
        if (quarter == null || quarter.year() < 2000) {
            throw DomainException.unprocessable("compliance-report-quarter", Map.of("field", "quarter"));
        }
        Locale locale = locale(lang);
        ZoneId zone = times.companyZone();
        Instant now = clock.instant();
        if (quarter.firstMonth().isAfter(YearMonth.from(LocalDate.ofInstant(clock.instant(), zone)))) {
            throw DomainException.unprocessable("compliance-report-future", Map.of("field", "quarter"));
        }
        Months months = Months.of(quarter.firstMonth(), 3, zone);
        // A closed quarter is reported with the map as recorded at its end; the current one (or a closed
        // one from before the records began) with the map as it stands now, and the report says which.
        LocalDate lastDay = quarter.firstMonth().plusMonths(2).atEndOfMonth();
        boolean closed = LocalDate.ofInstant(now, zone).isAfter(lastDay);
        Optional<Dashboards.Overview> recorded = closed ? dashboards.recorded(viewer, lastDay, months)
                : Optional.empty();
        Dashboards.Overview overview = recorded.orElseGet(() -> dashboards.overview(viewer, null, months));
        byte[] bytes = pdf.render(new BoardReportPdf.Content(quarter, overview, now, recorded.isPresent()), locale,
                zone);
        audit.record(AuditEvent.of(AuditCategory.ADMINISTRATION, ACTION, AuditOutcome.ALLOWED)
                // A detail starts with a letter: the quarter as Q4 and its year beside it.
                .detail("year", quarter.year()).detail("quarter", "Q" + quarter.number()).detail("lang", "zh".equals(locale.getLanguage()) ? "zh-CN" : "en")
                .build());
        return new Rendered(quarter, locale, bytes);
    }

    private static Locale locale(@Nullable String lang) {
        if (lang == null || lang.isBlank()) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        String l = lang.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (l.equals("zh") || l.equals("zh-cn") || l.equals("zh-hans")) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        if (l.equals("en") || l.startsWith("en-")) {
            return Locale.ENGLISH;
        }
        throw DomainException.unprocessable("compliance-report-language", Map.of("field", "lang"));
    }
}
