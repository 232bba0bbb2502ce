package io.custos.supervision;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.pdf.PdfSheets;

/**
 * The report of a completed inspection (issue 20.2), as PDF in Chinese or English: the department,
 * the quarter, the inspector, the total score, then every item by chapter with its score, the
 * evidence figures as the inspector saw them and the finding with its deadline, and the
 * rectifications with their state. Staff practice only: no customer appears in it.
 */
@Component
public class InspectionReport {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Inspections inspections;
    private final Employees employees;
    private final MessageSource messages;

    InspectionReport(Inspections inspections, Employees employees, MessageSource messages) {
        this.inspections = inspections;
        this.employees = employees;
        this.messages = messages;
    }

    /**
     * The report for anyone who may see the inspection.
     *
     * @throws DomainException 404 for anyone else; 409 {@code inspection-not-completed} before completion
     */
    public byte[] render(UUID id, CustosUser by, Locale locale, ZoneId zone) {
        InspectionDetail detail = inspections.detail(id, by);
        if (!detail.view().completed()) {
            throw DomainException.conflict("inspection-not-completed");
        }
        return write(detail, locale, zone);
    }

    /** One at a time: the font object is shared, and reports are written rarely. */
    private synchronized byte[] write(InspectionDetail detail, Locale locale, ZoneId zone) {
        InspectionView v = detail.view();
        BaseFont base = PdfSheets.font();
        Font title = new Font(base, 18, Font.BOLD);
        Font heading = new Font(base, 11, Font.BOLD);
        Font text = new Font(base, 9);
        Font small = new Font(base, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        Document document = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setFullCompression();
            String department = employees.department(v.departmentId()).map(d -> d.name(locale)).orElse("—");
            String quarter = messages.getMessage("inspection.quarter", new Object[] {v.quarter().yearText(),
                v.quarter().number()}, locale);
            document.addTitle(word("inspection.pdf.title", locale) + " " + quarter);
            document.addCreator("Custos");
            document.open();
            Paragraph head = new Paragraph(word("inspection.pdf.title", locale), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(14);
            document.add(head);

            int total = detail.results().values().stream().mapToInt(ItemResult::score).sum();
            long findings = detail.results().values().stream().filter(ItemResult::finding).count();
            PdfPTable facts = PdfSheets.table(2, new float[] {1.5f, 3f});
            PdfSheets.row(facts, text, word("inspection.department", locale), department);
            PdfSheets.row(facts, text, word("inspection.period", locale), messages.getMessage("inspection.period.value",
                    new Object[] {quarter, v.periodStart().toString(), v.periodEnd().toString()}, locale));
            PdfSheets.row(facts, text, word("checklist.title", locale),
                    messages.getMessage("checklist.title.version", new Object[] {detail.checklist().title(locale),
                        detail.checklist().versionNo()}, locale));
            PdfSheets.row(facts, text, word("inspection.inspector", locale), name(v.inspectorId()));
            PdfSheets.row(facts, text, word("inspection.completedAt", locale), time(v.completedAt(), zone));
            PdfSheets.row(facts, text, word("inspection.score.total", locale), messages.getMessage(
                    "inspection.score.of", new Object[] {total, detail.checklist().items().size() * 3}, locale));
            PdfSheets.row(facts, text, word("inspection.findings", locale), String.valueOf(findings));
            document.add(facts);

            String chapter = null;
            PdfPTable table = null;
            for (ChecklistItem item : detail.checklist().items()) {
                if (!item.chapter().equals(chapter)) {
                    if (table != null) {
                        document.add(table);
                    }
                    chapter = item.chapter();
                    document.add(PdfSheets.section(word("checklist.chapter." + chapter, locale), heading));
                    table = PdfSheets.table(4, new float[] {3f, 0.7f, 1.8f, 2.5f});
                    PdfSheets.header(table, word("inspection.item", locale), heading);
                    PdfSheets.header(table, word("inspection.score", locale), heading);
                    PdfSheets.header(table, word("inspection.evidence", locale), heading);
                    PdfSheets.header(table, word("inspection.finding", locale), heading);
                }
                ItemResult r = detail.results().get(item.id());
                String evidence = "—";
                if (r != null && item.evidence() != null && r.evidenceMain() != null) {
                    evidence = messages.getMessage("inspection.evidence." + item.evidence(),
                            new Object[] {r.evidenceMain(), r.evidenceExtra() == null ? 0 : r.evidenceExtra()}, locale);
                }
                String finding = "—";
                if (r != null && r.finding()) {
                    finding = messages.getMessage("inspection.pdf.finding", new Object[] {r.findingText(),
                        r.dueOn() == null ? "—" : r.dueOn().toString()}, locale);
                } else if (r != null && r.notes() != null) {
                    finding = r.notes();
                }
                PdfSheets.row(table, text, item.position() + ". " + item.question(locale),
                        r == null ? "—" : r.score() + " / 3", evidence, finding);
            }
            if (table != null) {
                document.add(table);
            }

            if (!detail.rectifications().isEmpty()) {
                document.add(PdfSheets.section(word("rectification.title", locale), heading));
                PdfPTable rect = PdfSheets.table(4, new float[] {3f, 1.4f, 1.2f, 1.4f});
                PdfSheets.header(rect, word("inspection.item", locale), heading);
                PdfSheets.header(rect, word("rectification.owner", locale), heading);
                PdfSheets.header(rect, word("rectification.dueOn", locale), heading);
                PdfSheets.header(rect, word("rectification.status", locale), heading);
                for (RectificationView r : detail.rectifications()) {
                    String question = detail.checklist().items().stream().filter(i -> i.id().equals(r.itemId()))
                            .map(i -> i.position() + ". " + i.question(locale)).findFirst().orElse("—");
                    String status = word("rectification.status." + r.status(), locale);
                    PdfSheets.row(rect, text, question, name(r.ownerId()), r.dueOn().toString(), r.overdue()
                            ? messages.getMessage("rectification.pdf.overdue", new Object[] {status}, locale) : status);
                }
                document.add(rect);
            }
            Paragraph scale = new Paragraph(word("inspection.scale", locale), small);
            scale.setSpacingBefore(12);
            document.add(scale);
            // The zone as people know it (China Standard Time / 中国标准时间), not its IANA id.
            document.add(new Paragraph(messages.getMessage("inspection.pdf.zone", new Object[] {
                zone.getDisplayName(java.time.format.TextStyle.FULL, locale),
                PdfSheets.offset(zone, v.plannedAt())}, locale), small));
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the inspection report could not be written", e);
        }
        return out.toByteArray();
    }

    private String name(UUID id) {
        return employees.byId(id).map(e -> e.displayName()).orElse("—");
    }

    private static String time(@Nullable Instant at, ZoneId zone) {
        return at == null ? "—" : MINUTES.format(at.atZone(zone));
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
