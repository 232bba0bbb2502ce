package io.custos.handover;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The handover report HR receives (issue 18.3), as PDF in Chinese or English: who, what kind,
 * which department, the dates, the undertaking and the sign-off, then every item with how it was
 * settled and by whom. Customers appear by their public company name only (or not named at all
 * when the catalog does not keep it public); the report holds no other customer value.
 */
@Component
public class HandoverReport {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Handovers handovers;
    private final Employees employees;
    private final MessageSource messages;
    private final ItemWords words;

    HandoverReport(Handovers handovers, Employees employees, MessageSource messages, ItemWords words) {
        this.words = words;
        this.handovers = handovers;
        this.employees = employees;
        this.messages = messages;
    }

    /**
     * The report of one case for the department head, HR, auditors and management.
     *
     * @throws DomainException 404 for anyone else (the person reads their case on its page)
     */
    public byte[] render(UUID caseId, CustosUser by, Locale locale, ZoneId zone) {
        Handovers.CaseDetail detail = handovers.report(caseId, by);
        if (!detail.head() && !detail.reader()) {
            throw DomainException.notFound();
        }
        return write(detail, locale, zone);
    }

    /** One at a time: the font object is shared, and reports are written rarely. */
    private synchronized byte[] write(Handovers.CaseDetail detail, Locale locale, ZoneId zone) {
        HandoverCase handover = detail.handover();
        BaseFont base = PdfSheets.font();
        Font title = new Font(base, 18, Font.BOLD);
        Font heading = new Font(base, 12, Font.BOLD);
        Font text = new Font(base, 10);
        Font small = new Font(base, 8);
        Map<UUID, String> people = new HashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        Document document = new Document(PageSize.A4, 56, 56, 56, 56);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setFullCompression();
            document.addTitle(word("handover.pdf.title", locale) + " " + handover.employeeUsername());
            document.addCreator("Custos");
            document.open();
            Paragraph head = new Paragraph(word("handover.pdf.title", locale), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(14);
            document.add(head);

            PdfPTable facts = PdfSheets.table(2, new float[] {1.5f, 2.5f});
            PdfSheets.row(facts, text, word("handover.person", locale),
                    handover.employeeName() + " (" + handover.employeeUsername() + ")");
            PdfSheets.row(facts, text, word("handover.kind", locale), word("handover.kind." + handover.kind(), locale));
            PdfSheets.row(facts, text, word("handover.department", locale), department(handover.departmentId(), locale));
            if (handover.toDepartmentId() != null) {
                PdfSheets.row(facts, text, word("handover.pdf.toDepartment", locale),
                        department(handover.toDepartmentId(), locale));
            }
            PdfSheets.row(facts, text, word("handover.effectiveOn", locale), handover.effectiveOn().toString());
            PdfSheets.row(facts, text, word("handover.pdf.openedAt", locale), time(handover.openedAt(), zone));
            PdfSheets.row(facts, text, word("handover.pdf.accessEndedAt", locale), time(handover.accessEndedAt(), zone));
            PdfSheets.row(facts, text, word("handover.undertaking", locale), handover.undertakingAt() == null
                    ? word("handover.undertaking.missing", locale)
                    : word("handover.pdf.undertaking." + handover.undertakingMethod(), locale) + ", "
                            + time(handover.undertakingAt(), zone));
            PdfSheets.row(facts, text, word("handover.signOff", locale), handover.signedOffAt() == null
                    ? word("handover.signOff.missing", locale)
                    : name(handover.signedOffBy(), people) + ", " + time(handover.signedOffAt(), zone));
            PdfSheets.row(facts, text, word("handover.status", locale),
                    word("handover.status." + handover.status(), locale));
            PdfSheets.row(facts, text, word("handover.openItems", locale),
                    handover.openItems() + " / " + handover.items());
            document.add(facts);

            document.add(PdfSheets.section(word("handover.pdf.items", locale), heading));
            List<HandoverItem> items = detail.items();
            if (items.isEmpty()) {
                document.add(new Paragraph(word("handover.case.nothingHeld", locale), text));
            } else {
                PdfPTable table = PdfSheets.table(3, new float[] {1.3f, 2.2f, 2.2f});
                PdfSheets.header(table, word("handover.kind", locale), heading);
                PdfSheets.header(table, word("handover.item", locale), heading);
                PdfSheets.header(table, word("handover.item.state", locale), heading);
                Map<UUID, String> described = words.describe(items, locale);
                for (HandoverItem item : items) {
                    PdfSheets.row(table, text, word("handover.pdf.kind." + item.kind(), locale),
                            what(item, described, locale),
                            item.outcome() == null ? word("handover.item.open", locale)
                                    : messages.getMessage("handover.outcome." + item.outcome(), new Object[] {
                                        item.successorId() == null ? "" : name(item.successorId(), people),
                                        time(item.settledAt(), zone)}, locale));
                }
                document.add(table);
            }
            Paragraph statement = new Paragraph(word("handover.pdf.statement", locale), small);
            statement.setSpacingBefore(12);
            document.add(statement);
            Paragraph zoneLine = new Paragraph(messages.getMessage("handover.pdf.zone", new Object[] {zone.getId(),
                PdfSheets.offset(zone, handover.openedAt())}, locale), small);
            document.add(zoneLine);
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the handover report could not be written", e);
        }
        return out.toByteArray();
    }

    private String what(HandoverItem item, Map<UUID, String> described, Locale locale) {
        if (item.kind() == ItemKind.CUSTOMER) {
            return item.name() != null ? item.name() : word("handover.customer.unnamed", locale);
        }
        return described.getOrDefault(item.id(), "—");
    }

    private String department(@Nullable UUID id, Locale locale) {
        return id == null ? "—" : employees.department(id).map(d -> d.name(locale)).orElse("—");
    }

    private String name(@Nullable UUID id, Map<UUID, String> people) {
        if (id == null) {
            return "—";
        }
        return people.computeIfAbsent(id, key -> employees.byId(key)
                .map(e -> e.displayName() + " (" + e.username() + ")").orElse("—"));
    }

    private static String time(@Nullable Instant at, ZoneId zone) {
        return at == null ? "—" : MINUTES.format(at.atZone(zone));
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
