package io.custos.incident;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.Actor;
import io.custos.shared.pdf.PdfSheets;

/**
 * An incident's report as PDF in Chinese or English (issue 20.4): its facts, each notification clock
 * met or missed (or not required, or still running), the number of affected customers, and the
 * timeline with the containment steps and notes. It names no customer. The auditor's copy holds
 * dates and codes only, like the page they read.
 */
@Component
public class IncidentReport {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Incidents incidents;
    private final Employees employees;
    private final MessageSource messages;
    private final IncidentAudit audit;

    IncidentReport(Incidents incidents, Employees employees, MessageSource messages, IncidentAudit audit) {
        this.incidents = incidents;
        this.employees = employees;
        this.messages = messages;
        this.audit = audit;
    }

    /** The report for a reader of incidents; 404 for anyone else. Read and audited in one transaction. */
    @Transactional
    public byte[] render(UUID id, CustosUser by, Locale locale, ZoneId zone) {
        IncidentDetail detail = incidents.detail(id, by);
        audit.record("incident.report.printed", IncidentAudit.INCIDENT, id, Map.of("words", detail.words()), by.actor());
        return write(detail, locale, zone);
    }

    /** One at a time: the font object is shared, and reports are written rarely. */
    private synchronized byte[] write(IncidentDetail detail, Locale locale, ZoneId zone) {
        IncidentView incident = detail.view();
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
            document.addTitle(word("incident.pdf.title", locale) + " " + incident.reference());
            document.addCreator("Custos");
            document.open();
            Paragraph head = new Paragraph(word("incident.pdf.title", locale) + " " + incident.reference(), title);
            head.setAlignment(Element.ALIGN_CENTER);
            head.setSpacingAfter(14);
            document.add(head);

            PdfPTable facts = PdfSheets.table(2, new float[] {1.5f, 2.5f});
            PdfSheets.row(facts, text, word("incident.severity", locale),
                    word("incident.severity." + incident.severity(), locale));
            PdfSheets.row(facts, text, word("incident.status", locale),
                    word("incident.status." + incident.status(), locale));
            PdfSheets.row(facts, text, word("incident.detectedAt", locale), time(incident.detectedAt(), zone));
            PdfSheets.row(facts, text, word("incident.openedAt", locale),
                    messages.getMessage("incident.pdf.whenBy", new Object[] {time(incident.openedAt(), zone),
                            name(incident.openedBy(), people)}, locale));
            PdfSheets.row(facts, text, word("incident.closedAt", locale), incident.closedAt() == null
                    ? word("incident.pdf.stillOpen", locale)
                    : messages.getMessage("incident.pdf.whenBy", new Object[] {time(incident.closedAt(), zone),
                            name(incident.closedBy(), people)}, locale));
            PdfSheets.row(facts, text, word("incident.categories", locale), incident.categories().isEmpty() ? "—"
                    : incident.categories().stream().sorted().map(c -> word("incident.category." + c, locale))
                            .collect(Collectors.joining(word("incident.notice.separator", locale))));
            PdfSheets.row(facts, text, word("incident.affected", locale), String.valueOf(incident.affectedCount()));
            document.add(facts);
            if (detail.summary() != null) {
                document.add(PdfSheets.section(word("incident.summary", locale), heading));
                document.add(new Paragraph(detail.summary(), text));
            }

            document.add(PdfSheets.section(word("incident.clocks", locale), heading));
            if (incident.clocks().isEmpty()) {
                document.add(new Paragraph(word("incident.clocks.none", locale), text));
            } else {
                PdfPTable clocks = PdfSheets.table(4, new float[] {2f, 1.3f, 1.3f, 1.4f});
                PdfSheets.header(clocks, word("incident.clock", locale), heading);
                PdfSheets.header(clocks, word("incident.clock.dueAt", locale), heading);
                PdfSheets.header(clocks, word("incident.clock.stoppedAt", locale), heading);
                PdfSheets.header(clocks, word("incident.clock.outcome", locale), heading);
                for (IncidentClock c : incident.clocks()) {
                    String label = c.batch() > 1 ? messages.getMessage("incident.clock.CUSTOMERS.batch",
                            new Object[] {c.batch()}, locale) : word("incident.clock." + c.kind(), locale);
                    String stopped = time(c.stoppedAt(), zone) + (c.recordedLater() ? "\n" + messages.getMessage(
                            "incident.clock.recordedAt", new Object[] {time(c.recordedAt(), zone)}, locale) : "");
                    PdfSheets.row(clocks, text, label, time(c.dueAt(), zone), stopped, word(c.outcomeKey(), locale));
                }
                document.add(clocks);
            }

            document.add(PdfSheets.section(word("incident.timeline", locale), heading));
            PdfPTable timeline = PdfSheets.table(3, new float[] {1.2f, 1.6f, 3.2f});
            PdfSheets.header(timeline, word("incident.timeline.at", locale), heading);
            PdfSheets.header(timeline, word("incident.timeline.what", locale), heading);
            PdfSheets.header(timeline, word("incident.timeline.words", locale), heading);
            for (IncidentEntry e : detail.entries()) {
                String who = e.actorType() == Actor.ActorType.SYSTEM ? word("incident.timeline.system", locale)
                        : name(e.actorId(), people);
                PdfSheets.row(timeline, text, time(e.happenedAt(), zone),
                        word("incident.entry." + e.kind(), locale) + detail(e, locale) + "\n" + who,
                        e.text() == null ? "" : e.text());
            }
            document.add(timeline);

            Paragraph statement = new Paragraph(word("incident.pdf.statement", locale), small);
            statement.setSpacingBefore(12);
            document.add(statement);
            // The zone as people know it (China Standard Time / 中国标准时间), not its IANA id (F18).
            document.add(new Paragraph(messages.getMessage("incident.pdf.zone", new Object[] {
                zone.getDisplayName(java.time.format.TextStyle.FULL, locale),
                PdfSheets.offset(zone, incident.detectedAt())}, locale), small));
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("the incident report could not be written", e);
        }
        return out.toByteArray();
    }

    private String detail(IncidentEntry e, Locale locale) {
        if (e.detail() == null) {
            return "";
        }
        String what = switch (e.kind()) {
            case REGULATOR_NOTIFIED, CUSTOMERS_NOTIFIED, NOT_REQUIRED -> word("incident.clock." + e.detail(), locale);
            case OPENED -> word("incident.severity." + e.detail(), locale);
            case CUSTOMERS_ADDED -> messages.getMessage("incident.entry.customersAdded",
                    new Object[] {Integer.valueOf(e.detail())}, locale);
            case ESCALATED -> messages.getMessage("incident.pdf.whenBy", new Object[] {
                word("incident.clock." + e.detail().split(":")[0], locale),
                word("incident.escalation." + e.detail().split(":")[1], locale)}, locale);
            default -> null;
        };
        // The colon in the reader's language (full-width in Chinese).
        return what == null ? "" : messages.getMessage("incident.pdf.detail", new Object[] {what}, locale);
    }

    private String name(@Nullable UUID id, Map<UUID, String> people) {
        if (id == null) {
            return "—";
        }
        return people.computeIfAbsent(id, key -> employees.byId(key)
                .map(EmployeeView::displayName).orElse("—"));
    }

    private static String time(@Nullable Instant at, ZoneId zone) {
        return at == null ? "—" : MINUTES.format(at.atZone(zone));
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
