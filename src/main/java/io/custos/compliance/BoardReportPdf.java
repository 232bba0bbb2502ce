package io.custos.compliance;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.custos.shared.pdf.PdfSheets;

/**
 * Writes the board report as PDF with OpenPDF in the house style of Custos's records (the bundled
 * font embedded as a subset with a ToUnicode map, so the text can be searched and copied in both
 * languages); the charts are JFreeChart images, each with its table. Every word is from the bundles.
 */
@Component
class BoardReportPdf {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<Status> ORDER = List.of(Status.RED, Status.AMBER, Status.GREEN, Status.INFO,
            Status.UNMAPPED);
    private static final Map<Status, Color> COLOURS = Map.of(Status.RED, new Color(0xDC, 0x35, 0x45), Status.AMBER,
            new Color(0xF0, 0xAD, 0x4E), Status.GREEN, new Color(0x19, 0x87, 0x54), Status.INFO,
            new Color(0x6C, 0x75, 0x7D), Status.UNMAPPED, new Color(0xAD, 0xB5, 0xBD));
    private static final List<Trends.Trend> USE = List.of(Trends.Trend.REVEALS, Trends.Trend.REFUSALS);
    private static final List<Trends.Trend> WORK = List.of(Trends.Trend.ALERTS, Trends.Trend.CASES,
            Trends.Trend.INCIDENTS, Trends.Trend.TRAINING_PASSES);

    private final MessageSource messages;

    BoardReportPdf(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * What the report shows: the quarter, the dashboard over its months, when it was generated, and
     * whether the map is the one recorded at the quarter's end (otherwise the map as of generation).
     */
    record Content(BoardReport.Quarter quarter, Dashboards.Overview overview, Instant generatedAt,
            boolean recordedAtEnd) {
    }

    /** One at a time: the font object is shared, and reports are written rarely. */
    synchronized byte[] render(Content content, Locale locale, ZoneId zone) {
        boolean zh = "zh".equals(locale.getLanguage());
        BaseFont base = PdfSheets.font();
        Font title = new Font(base, 18, Font.BOLD);
        Font heading = new Font(base, 12, Font.BOLD);
        Font text = new Font(base, 9);
        Font bold = new Font(base, 9, Font.BOLD);
        Font small = new Font(base, 8, Font.NORMAL, Color.DARK_GRAY);
        MapView map = content.overview().map();
        String quarter = word("compliance.report.quarterName", locale, content.quarter().year(),
                content.quarter().number());
        String generated = MINUTES.format(content.generatedAt().atZone(zone)) + " (" + zone.getId() + ", UTC"
                + PdfSheets.offset(zone, content.generatedAt()) + ")";
        Instant mapAt = map.computedAt();
        String state = content.recordedAtEnd()
                ? word("compliance.report.asRecorded", locale, MINUTES.format(mapAt.atZone(zone)) + " (UTC"
                        + PdfSheets.offset(zone, mapAt) + ")")
                : word("compliance.report.asOfGeneration", locale, generated);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setFullCompression();
            document.addTitle(word("compliance.report.title", locale) + " " + quarter);
            document.addCreator("Custos");
            document.open();

            Paragraph head = new Paragraph(word("compliance.report.title", locale), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(4);
            document.add(head);
            Paragraph sub = new Paragraph(quarter, heading);
            sub.setAlignment(Element.ALIGN_CENTER);
            sub.setSpacingAfter(12);
            document.add(sub);

            PdfPTable facts = PdfSheets.table(2, new float[] {1.3f, 3f});
            PdfSheets.row(facts, text, word("compliance.report.quarter", locale), quarter + "  ("
                    + content.overview().trends().months().months().get(0) + " – "
                    + content.overview().trends().months().months().get(2) + ")");
            PdfSheets.row(facts, text, word("compliance.report.generatedAt", locale), generated);
            PolicyRef policy = map.policy();
            PdfSheets.row(facts, text, word("compliance.report.policy", locale), policy == null
                    ? word("compliance.report.noPolicy", locale)
                    : (zh ? policy.titleZh() : policy.titleEn()) + " " + word("compliance.report.version", locale,
                            policy.number()));
            PdfSheets.row(facts, text, word("compliance.report.overdue", locale),
                    String.format(locale, "%,d", content.overview().overdueTotal()));
            document.add(facts);

            // The map's colours: live, so labelled as of the report's generation.
            document.add(PdfSheets.section(word("compliance.report.colours", locale), heading));
            document.add(note(state, small));
            List<String> statuses = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            List<Color> colours = new ArrayList<>();
            for (Status s : ORDER) {
                statuses.add(status(s, locale));
                counts.add((long) content.overview().counts().getOrDefault(s, 0));
                colours.add(COLOURS.get(s));
            }
            document.add(image(BoardReportCharts.bars(word("compliance.report.colours", locale), statuses,
                    List.of(new BoardReportCharts.Bars(word("compliance.report.clauses", locale), counts, colours)),
                    1000, 380), 420));
            PdfPTable colourTable = PdfSheets.table(2, new float[] {2f, 1f});
            PdfSheets.header(colourTable, word("compliance.report.status", locale), bold);
            PdfSheets.header(colourTable, word("compliance.report.clauses", locale), bold);
            for (int i = 0; i < ORDER.size(); i++) {
                PdfSheets.row(colourTable, text, statuses.get(i), Long.toString(counts.get(i)));
            }
            document.add(colourTable);

            // The quarter's months of each trend.
            List<String> months = content.overview().trends().months().months().stream().map(YearMonth::toString)
                    .toList();
            trend(document, word("compliance.report.trends.use", locale), USE, content, months, locale, heading, bold,
                    text);
            trend(document, word("compliance.report.trends.work", locale), WORK, content, months, locale, heading,
                    bold, text);

            // Everything past its deadline.
            document.add(PdfSheets.section(word("compliance.report.overdue", locale), heading));
            PdfPTable overdue = PdfSheets.table(3, new float[] {3.2f, 1f, 1.2f});
            PdfSheets.header(overdue, word("compliance.report.indicator", locale), bold);
            PdfSheets.header(overdue, word("compliance.report.value", locale), bold);
            PdfSheets.header(overdue, word("compliance.report.status", locale), bold);
            for (Reading r : content.overview().overdue()) {
                PdfSheets.row(overdue, text, word("compliance.indicator." + r.indicator(), locale), value(r, locale),
                        status(r.status(), locale));
            }
            document.add(overdue);

            // The evidence: clause, control, reading.
            document.newPage();
            document.add(PdfSheets.section(word("compliance.report.evidence", locale), heading));
            document.add(note(state, small));
            PdfPTable evidence = PdfSheets.table(6, new float[] {2f, 1.7f, 2.5f, 0.9f, 1.3f, 1.8f});
            for (String h : List.of("clause", "control", "indicator", "value", "status", "thresholds")) {
                PdfSheets.header(evidence, word("compliance.report." + h, locale), bold);
            }
            evidence.setHeaderRows(1);
            for (ClauseView clause : map.clauses()) {
                Clause c = clause.clause();
                String clauseWords = (zh ? c.numberZh() : c.numberEn()) + " " + (zh ? c.headingZh() : c.headingEn());
                if (clause.controls().isEmpty()) {
                    PdfSheets.row(evidence, text, clauseWords, "—", "—", "—", status(clause.status(), locale), "—");
                    continue;
                }
                boolean first = true;
                for (ControlView control : clause.controls()) {
                    for (Reading r : control.readings()) {
                        PdfSheets.row(evidence, text, first ? clauseWords : "",
                                word("compliance.control." + control.control(), locale),
                                word("compliance.indicator." + r.indicator(), locale), value(r, locale),
                                status(r.status(), locale), thresholds(r, locale));
                        first = false;
                    }
                }
            }
            boolean firstUnmapped = true;
            for (ControlView control : map.unmappedControls()) {
                for (Reading r : control.readings()) {
                    PdfSheets.row(evidence, text, firstUnmapped ? word("compliance.report.unmapped", locale) : "",
                            word("compliance.control." + control.control(), locale),
                            word("compliance.indicator." + r.indicator(), locale), value(r, locale),
                            status(r.status(), locale), thresholds(r, locale));
                    firstUnmapped = false;
                }
            }
            document.add(evidence);
            Paragraph noPersonalData = new Paragraph(word("compliance.report.noPersonalData", locale), small);
            noPersonalData.setSpacingBefore(8);
            document.add(noPersonalData);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the board report could not be written", e);
        }
        return out.toByteArray();
    }

    private void trend(Document document, String title, List<Trends.Trend> which, Content content,
            List<String> months, Locale locale, Font heading, Font bold, Font text) throws DocumentException {
        document.add(PdfSheets.section(title, heading));
        List<BoardReportCharts.Bars> bars = new ArrayList<>();
        PdfPTable table = PdfSheets.table(months.size() + 2, widths(months.size()));
        PdfSheets.header(table, word("compliance.report.trend", locale), bold);
        months.forEach(m -> PdfSheets.header(table, m, bold));
        PdfSheets.header(table, word("compliance.report.total", locale), bold);
        for (Trends.Trend trend : which) {
            Trends.Series series = content.overview().trends().of(trend);
            if (series == null) {
                continue;
            }
            String name = word("compliance.dashboard.trend." + trend, locale);
            bars.add(new BoardReportCharts.Bars(name, series.values(), null));
            List<String> cells = new ArrayList<>();
            cells.add(name);
            series.values().forEach(v -> cells.add(String.format(locale, "%,d", v)));
            cells.add(String.format(locale, "%,d", series.total()));
            PdfSheets.row(table, text, cells.toArray(String[]::new));
        }
        document.add(image(BoardReportCharts.bars(title, months, bars, 1000, 420), 440));
        document.add(table);
    }

    /** A small line under a heading, kept clear of the table that follows. */
    private static Paragraph note(String text, Font font) {
        Paragraph note = new Paragraph(text, font);
        note.setSpacingAfter(6);
        return note;
    }

    private static float[] widths(int months) {
        float[] widths = new float[months + 2];
        widths[0] = 2.4f;
        for (int i = 1; i <= months + 1; i++) {
            widths[i] = 1f;
        }
        return widths;
    }

    private static Image image(byte[] png, float width) {
        try {
            Image image = Image.getInstance(png);
            image.scaleToFit(width, width);
            image.setAlignment(Element.ALIGN_CENTER);
            image.setSpacingBefore(4);
            image.setSpacingAfter(4);
            return image;
        } catch (IOException | DocumentException e) {
            throw new IllegalStateException("a chart could not be placed", e);
        }
    }

    private String value(Reading reading, Locale locale) {
        Long value = reading.value();
        if (value == null) {
            return word("compliance.dashboard.value.never", locale);
        }
        return switch (reading.indicator().unit()) {
            case COUNT -> String.format(locale, "%,d", value);
            case PERCENT -> word("compliance.dashboard.value.percent", locale, value);
            case DAYS -> word("compliance.dashboard.value.days", locale, value);
        };
    }

    private String thresholds(Reading reading, Locale locale) {
        Thresholds t = reading.thresholds();
        if (t == null) {
            return word("compliance.report.thresholds.none", locale);
        }
        String said = word(reading.indicator().higherIsWorse() ? "compliance.report.thresholds.more"
                : "compliance.report.thresholds.less", locale, t.amber(), t.red());
        if (reading.indicator().fixed()) {
            said += " " + word("compliance.report.thresholds.fixed", locale);
        } else if (reading.tuned()) {
            said += " " + word("compliance.report.thresholds.tuned", locale);
        }
        return said;
    }

    private String status(Status status, Locale locale) {
        return word("compliance.status." + status, locale);
    }

    private String word(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key.substring(key.lastIndexOf('.') + 1), locale);
    }
}
