package io.custos.incident;

import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * The regulator's report and the customers' notice of an incident, in Chinese and English, written
 * from the message bundles ({@code incident.notice.REGULATOR}, {@code incident.notice.CUSTOMER}) with
 * the incident's facts: reference, severity, detection time (company zone), categories of data, the
 * number of customers affected, the measures written for the notices (the latest {@code NOTICE_MEASURES}
 * entry, never the internal containment steps, which may name people or accounts) and the contact.
 * They name no customer
 * and hold no customer value: the customer notice is one text for every affected customer, sent by
 * whichever channel the company uses. For those who read the incident's words only.
 */
@Component
public class IncidentNotices {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Incidents incidents;
    private final IncidentProperties properties;
    private final MessageSource messages;
    private final Times times;

    IncidentNotices(Incidents incidents, IncidentProperties properties, MessageSource messages, Times times) {
        this.incidents = incidents;
        this.properties = properties;
        this.messages = messages;
        this.times = times;
    }

    /** Both notices in both languages for a reader of the words (the detail already read and audited). */
    public String text(IncidentDetail detail, NoticeKind kind, Locale locale) {
        if (!detail.words()) {
            throw DomainException.notFound();
        }
        IncidentView incident = detail.view();
        ZoneId zone = times.companyZone();
        String categories = incident.categories().isEmpty() ? word("incident.notice.categories.none", locale)
                : incident.categories().stream().sorted().map(c -> word("incident.category." + c, locale))
                        .collect(Collectors.joining(word("incident.notice.separator", locale)));
        String measures = detail.entries().stream()
                .filter(e -> e.kind() == EntryKind.NOTICE_MEASURES && e.text() != null).reduce((a, b) -> b)
                .map(IncidentEntry::text).orElseGet(() -> word("incident.notice.measures.none", locale));
        return messages.getMessage("incident.notice." + kind, new Object[] {incident.reference(),
            word("incident.severity." + incident.severity(), locale),
            messages.getMessage("incident.notice.when", new Object[] {TIME.format(incident.detectedAt().atZone(zone)),
                zone.getDisplayName(TextStyle.FULL, locale)}, locale), categories,
            String.valueOf(incident.affectedCount()), measures, properties.contact()}, locale);
    }

    /** One notice for a reader, the incident read (and audited) on the way. */
    public String text(UUID id, NoticeKind kind, Locale locale, CustosUser by) {
        return text(incidents.detail(id, by), kind, locale);
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
