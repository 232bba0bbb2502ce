package io.custos.compliance.web;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.custos.compliance.Dashboards;
import io.custos.compliance.Indicator;
import io.custos.compliance.Reading;
import io.custos.compliance.Status;
import io.custos.compliance.Trends;
import io.custos.identity.CustosUser;
import io.custos.identity.DepartmentView;
import io.custos.identity.Employees;
import io.custos.shared.Months;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards' figures as the pages show them: every code in words, each figure with the link to
 * the records behind it when the viewer may open them, each chart's data for the static script.
 */
@Component
class DashboardWords {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The map's colours as the charts paint them; the tables say the colour in words too. */
    static final Map<Status, String> COLOURS = Map.of(Status.RED, "#dc3545", Status.AMBER, "#f0ad4e", Status.GREEN,
            "#198754", Status.INFO, "#6c757d", Status.UNMAPPED, "#adb5bd");
    /** The colours from worst to best, as a board reads them. */
    static final List<Status> ORDER = List.of(Status.RED, Status.AMBER, Status.GREEN, Status.INFO, Status.UNMAPPED);

    private final MessageSource messages;
    private final Employees employees;
    private final Dashboards dashboards;

    DashboardWords(MessageSource messages, Employees employees, Dashboards dashboards) {
        this.messages = messages;
        this.employees = employees;
        this.dashboards = dashboards;
    }

    /** One figure and where it leads. */
    record Cell(long value, @Nullable String link) {
    }

    /** A trend as a table row: its words, one cell per month and the total. */
    record TrendRow(String id, String label, List<Cell> months, Cell total) {
    }

    /** A reading as a row: indicator, value and colour in words, whether it is the company's, its page. */
    record ReadingRow(String id, String indicator, String value, Status status, String statusWords,
            boolean companyWide, @Nullable String link) {
    }

    String say(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    String status(Status status, Locale locale) {
        return say("compliance.status." + status, locale);
    }

    String value(Reading reading, Locale locale) {
        Long value = reading.value();
        if (value == null) {
            return say("compliance.dashboard.value.never", locale);
        }
        return switch (reading.indicator().unit()) {
            case COUNT -> String.format(locale, "%,d", value);
            case PERCENT -> say("compliance.dashboard.value.percent", locale, value);
            case DAYS -> say("compliance.dashboard.value.days", locale, value);
        };
    }

    ReadingRow reading(Reading reading, CustosUser viewer, Locale locale) {
        Indicator indicator = reading.indicator();
        return new ReadingRow("reading-" + indicator.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                say("compliance.indicator." + indicator, locale), value(reading, locale), reading.status(),
                status(reading.status(), locale), reading.companyWide(),
                Dashboards.opens(viewer, indicator) ? indicator.link() : null);
    }

    List<TrendRow> rows(Trends.TrendSet set, List<Trends.Trend> which, CustosUser viewer, Locale locale) {
        Months months = set.months();
        List<TrendRow> rows = new ArrayList<>();
        for (Trends.Trend trend : which) {
            Trends.Series series = set.of(trend);
            if (series == null) {
                continue;
            }
            // A company-wide figure on a department's dashboard leads to the company's list only for those who read it.
            UUID department = series.companyWide() ? null : set.department();
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < months.size(); i++) {
                long n = series.values().get(i);
                cells.add(new Cell(n, n > 0 ? dashboards.link(viewer, trend, months, months.months().get(i),
                        department) : null));
            }
            long total = series.total();
            String label = say("compliance.dashboard.trend." + trend, locale);
            if (series.companyWide()) {
                label = say("compliance.dashboard.companyWideFigure", locale, label);
            }
            rows.add(new TrendRow("trend-" + trend.name().toLowerCase(Locale.ROOT).replace('_', '-'), label, cells,
                    new Cell(total, total > 0 ? dashboards.link(viewer, trend, months, null, department) : null)));
        }
        return rows;
    }

    static List<String> monthLabels(Months months) {
        return months.months().stream().map(YearMonth::toString).toList();
    }

    /** A line chart of trends over the months. */
    static String lineChart(List<TrendRow> rows, Months months) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "line");
        chart.put("categories", monthLabels(months));
        List<Map<String, Object>> series = new ArrayList<>();
        for (TrendRow row : rows) {
            series.add(Map.of("name", row.label(), "data", row.months().stream().map(Cell::value).toList()));
        }
        chart.put("series", series);
        return JSON.writeValueAsString(chart);
    }

    /** A bar chart of the clauses per colour, each bar in its colour. */
    String colourChart(Map<Status, Integer> counts, Locale locale) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "bar");
        List<String> categories = new ArrayList<>();
        List<Object> data = new ArrayList<>();
        for (Status status : ORDER) {
            categories.add(status(status, locale));
            data.add(Map.of("value", counts.getOrDefault(status, 0), "itemStyle", Map.of("color", COLOURS.get(status))));
        }
        chart.put("categories", categories);
        chart.put("series", List.of(Map.of("name", say("compliance.dashboard.clauses", locale), "data", data)));
        return JSON.writeValueAsString(chart);
    }

    Map<UUID, String> departmentNames(List<UUID> ids, Locale locale) {
        Map<UUID, String> names = new LinkedHashMap<>();
        boolean zh = "zh".equals(locale.getLanguage());
        Map<UUID, DepartmentView> all = new LinkedHashMap<>();
        employees.departments().forEach(d -> all.put(d.id(), d));
        for (UUID id : ids) {
            DepartmentView d = all.get(id);
            if (d != null) {
                names.put(id, zh ? d.nameZh() : d.nameEn());
            }
        }
        return names;
    }
}
