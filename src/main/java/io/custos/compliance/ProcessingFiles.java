package io.custos.compliance;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.custos.retention.RuleKind;
import io.custos.shared.pdf.PdfSheets;
import io.custos.shared.web.TableWriter;

/**
 * The record of processing activities in words ({@link ProcessingSheet}) and as files: an Excel
 * workbook (POI; every text cell guarded against formula injection as {@link TableWriter} does) and
 * a PDF (OpenPDF in the bundled font, like the destruction certificates). Every word comes from the
 * bundles in the language asked for; times are in the company's zone.
 */
@Component
public class ProcessingFiles {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
    static final List<String> COLUMNS = List.of("purpose", "categories", "subjects", "recipients", "retention",
            "safeguards");

    /** The formats the record is exported in. */
    public enum Format {
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        PDF("pdf", "application/pdf");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** A written file, ready to be sent. */
    public record File(String fileName, Format format, byte[] content) {
    }

    private final MessageSource messages;

    ProcessingFiles(MessageSource messages) {
        this.messages = messages;
    }

    /** The record in words, in the language of {@code locale}. */
    public ProcessingSheet sheet(ProcessingRecord record, Locale locale) {
        ProcessingRecord.Header h = record.header();
        boolean zh = chinese(locale);
        ZoneId zone = ZoneId.of(h.zone());
        List<ProcessingSheet.Fact> facts = new ArrayList<>();
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.controller", locale),
                h.controllerConfigured() ? h.controller()
                        : word("compliance.processing.controllerDeployment", locale, h.controller())));
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.generatedAt", locale), time(h.generatedAt(), zone)));
        ProcessingRecord.Policy policy = h.policy();
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.policy", locale), policy == null
                ? word("compliance.processing.policyNone", locale)
                : word("compliance.processing.policyValue", locale, zh ? policy.titleZh() : policy.titleEn(),
                        policy.number(), policy.publishedAt() == null ? "—" : date(policy.publishedAt(), zone))));
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.homeCountry", locale), country(h.homeCountry(),
                locale)));
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.retentionVersion", locale),
                h.retentionVersion() == null ? word("compliance.processing.retentionNone", locale)
                        : word("compliance.processing.retentionVersionValue", locale, h.retentionVersion())));
        facts.add(new ProcessingSheet.Fact(word("compliance.processing.source", locale),
                word("compliance.processing.sourceValue", locale)));

        String separator = word("compliance.processing.separator", locale);
        List<ProcessingSheet.Row> rows = new ArrayList<>();
        for (ProcessingRecord.Activity a : record.activities()) {
            List<String> categories = a.categories().stream().map(c -> word("compliance.processing.category", locale,
                    word("level." + c.level().name(), locale), c.level().name(),
                    c.fields().stream().map(f -> zh ? f.labelZh() : f.labelEn()).collect(Collectors.joining(separator))))
                    .toList();
            if (categories.isEmpty()) {
                categories = List.of(word("compliance.processing.noFields", locale));
            }
            List<String> subjects = a.dataSubjects().stream()
                    .map(s -> word("compliance.processing.subject." + s.name(), locale)).toList();
            List<ProcessingSheet.Line> recipients = new ArrayList<>();
            for (ProcessingRecord.RecipientEntry r : a.recipients()) {
                String name = zh ? r.nameZh() : r.nameEn();
                String text = r.partnerType() == null
                        ? word("compliance.processing.recipient.department", locale, name)
                        : word("compliance.processing.recipient.partner", locale, name,
                                word("sharing.partnerType." + r.partnerType().name(), locale),
                                r.country() == null ? "—" : country(r.country(), locale));
                if (!r.inForce()) {
                    text = text + word("compliance.processing.recipient.ended", locale);
                }
                recipients.add(new ProcessingSheet.Line(text,
                        r.crossBorder() ? word("compliance.processing.crossBorder", locale) : null));
            }
            if (recipients.isEmpty()) {
                recipients.add(new ProcessingSheet.Line(word("compliance.processing.recipient.none", locale), null));
            }
            List<String> retention = a.retention().stream().map(r -> rule(r, zh, separator, locale))
                    .toList();
            if (retention.isEmpty()) {
                retention = List.of(word("compliance.processing.retentionNone", locale));
            }
            List<String> safeguards = a.safeguards().stream()
                    .map(s -> word("compliance.processing.safeguard." + s.name(), locale)).toList();
            rows.add(new ProcessingSheet.Row(a.purpose(), zh ? a.labelZh() : a.labelEn(), categories, subjects,
                    recipients, retention, safeguards, a.crossBorder()));
        }
        List<String> columns = COLUMNS.stream().map(c -> word("compliance.processing." + c, locale)).toList();
        return new ProcessingSheet(word("compliance.processing.title", locale), facts, columns, rows);
    }

    /** Writes the record; one at a time, as the PDF font object is shared. */
    public synchronized File write(ProcessingRecord record, Format format, Locale locale) {
        ProcessingSheet sheet = sheet(record, locale);
        String name = "processing-record-" + FILE_TIME.format(record.header().generatedAt()
                .atZone(ZoneId.of(record.header().zone()))) + "-" + (chinese(locale) ? "zh-CN" : "en") + "."
                + format.extension();
        byte[] content = format == Format.XLSX ? xlsx(sheet, locale) : pdf(sheet, locale);
        return new File(name, format, content);
    }

    private byte[] xlsx(ProcessingSheet sheet, Locale locale) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet s = workbook.createSheet(word("compliance.processing.sheet", locale));
            XSSFFont boldFont = workbook.createFont();
            boldFont.setBold(true);
            CellStyle bold = workbook.createCellStyle();
            bold.setFont(boldFont);
            bold.setVerticalAlignment(VerticalAlignment.TOP);
            CellStyle wrap = workbook.createCellStyle();
            wrap.setWrapText(true);
            wrap.setVerticalAlignment(VerticalAlignment.TOP);
            XSSFFont titleFont = workbook.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 14);
            CellStyle title = workbook.createCellStyle();
            title.setFont(titleFont);

            int next = 0;
            Row head = s.createRow(next++);
            head.createCell(0).setCellValue(TableWriter.safe(sheet.title()));
            head.getCell(0).setCellStyle(title);
            for (ProcessingSheet.Fact fact : sheet.facts()) {
                Row row = s.createRow(next++);
                row.createCell(0).setCellValue(TableWriter.safe(fact.label()));
                row.getCell(0).setCellStyle(bold);
                row.createCell(1).setCellValue(TableWriter.safe(fact.value()));
            }
            next++;
            int headerRow = next;
            Row header = s.createRow(next++);
            for (int i = 0; i < sheet.columns().size(); i++) {
                header.createCell(i).setCellValue(TableWriter.safe(sheet.columns().get(i)));
                header.getCell(i).setCellStyle(bold);
            }
            for (ProcessingSheet.Row r : sheet.rows()) {
                Row row = s.createRow(next++);
                List<List<String>> cells = r.cells();
                for (int i = 0; i < cells.size(); i++) {
                    row.createCell(i).setCellValue(TableWriter.safe(String.join("\n", cells.get(i))));
                    row.getCell(i).setCellStyle(wrap);
                }
            }
            int[] widths = {24, 48, 30, 48, 48, 48};
            for (int i = 0; i < widths.length; i++) {
                s.setColumnWidth(i, widths[i] * 256);
            }
            s.createFreezePane(0, headerRow + 1);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the record of processing activities could not be written", e);
        }
    }

    private byte[] pdf(ProcessingSheet sheet, Locale locale) {
        BaseFont base = PdfSheets.font();
        Font titleFont = new Font(base, 16, Font.BOLD);
        Font heading = new Font(base, 11, Font.BOLD);
        Font text = new Font(base, 9);
        Font small = new Font(base, 8, Font.NORMAL, Color.DARK_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setFullCompression();
            document.addTitle(sheet.title());
            document.addCreator("Custos");
            document.open();
            Paragraph head = new Paragraph(sheet.title(), titleFont);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(12);
            document.add(head);
            PdfPTable facts = PdfSheets.table(2, new float[] {1.3f, 3f});
            for (ProcessingSheet.Fact fact : sheet.facts()) {
                PdfSheets.row(facts, text, fact.label(), fact.value());
            }
            document.add(facts);
            int n = 1;
            for (ProcessingSheet.Row r : sheet.rows()) {
                document.add(PdfSheets.section(n++ + ". " + r.purpose(), heading));
                PdfPTable activity = PdfSheets.table(2, new float[] {1.3f, 3f});
                List<List<String>> cells = r.cells();
                for (int i = 1; i < cells.size(); i++) {
                    PdfSheets.row(activity, text, sheet.columns().get(i), String.join("\n", cells.get(i)));
                }
                document.add(activity);
            }
            if (sheet.rows().isEmpty()) {
                document.add(new Paragraph(word("compliance.processing.noPurposes", locale), text));
            }
            Paragraph note = new Paragraph(word("compliance.processing.noPersonalData", locale), small);
            note.setSpacingBefore(12);
            document.add(note);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the record of processing activities could not be written", e);
        }
        return out.toByteArray();
    }

    private String rule(ProcessingRecord.Rule rule, boolean zh, String separator, Locale locale) {
        String period = period(rule.period(), locale);
        if (rule.kind() == RuleKind.LEGAL_MINIMUM) {
            String fields = rule.fields().stream().map(f -> zh ? f.labelZh() : f.labelEn())
                    .collect(Collectors.joining(separator));
            String name = messages.getMessage("retention.ruleName." + rule.code(), null, "", locale);
            return word(name.isEmpty() ? "retention.rule.LEGAL_MINIMUM" : "retention.rule.LEGAL_MINIMUM.named", locale,
                    period, fields, name);
        }
        return word("retention.rule." + rule.kind().name(), locale, period);
    }

    /** "2 years", "1 year and 6 months", "30 days", in the retention pages' words. */
    private String period(Period period, Locale locale) {
        List<String> parts = new ArrayList<>();
        if (period.getYears() != 0) {
            parts.add(word("retention.period.years", locale, period.getYears()));
        }
        if (period.getMonths() != 0) {
            parts.add(word("retention.period.months", locale, period.getMonths()));
        }
        if (period.getDays() != 0 || parts.isEmpty()) {
            parts.add(word("retention.period.days", locale, period.getDays()));
        }
        return String.join(word("retention.period.and", locale), parts);
    }

    /** The country's name in the language asked for, as the partner pages name it. */
    public static String countryName(String code, Locale locale) {
        return country(code, locale);
    }

    static String country(String code, Locale locale) {
        Locale display = chinese(locale) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
        String name = new Locale("", code).getDisplayCountry(display);
        return name.isEmpty() || name.equals(code) ? code : name;
    }

    private static String time(Instant at, ZoneId zone) {
        return MINUTES.format(at.atZone(zone)) + " (" + zone.getId() + ", UTC" + PdfSheets.offset(zone, at) + ")";
    }

    private static String date(Instant at, ZoneId zone) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(at.atZone(zone));
    }

    static boolean chinese(Locale locale) {
        return "zh".equals(locale.getLanguage());
    }

    private String word(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
