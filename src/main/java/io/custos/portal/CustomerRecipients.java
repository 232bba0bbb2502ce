package io.custos.portal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerSelfView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;
import io.custos.sharing.Partners;
import io.custos.sharing.RecipientType;
import io.custos.sharing.SharingLedger;

/**
 * With whom the company shared a customer's data, for that customer (R-CUS-1, PIPL art. 23): the
 * receiving department or partner organisation by name, the purpose, and the period, dates in the
 * company's zone (customers have no zone of their own). Who asked for the sharing and why in their
 * own words stay with the company.
 */
@Service
public class CustomerRecipients {

    private final SharingLedger ledger;
    private final Employees employees;
    private final Partners partners;
    private final Purposes purposes;
    private final CustomerSelfView self;
    private final Times times;
    private final MessageSource messages;

    CustomerRecipients(SharingLedger ledger, Employees employees, Partners partners, Purposes purposes,
            CustomerSelfView self, Times times, MessageSource messages) {
        this.ledger = ledger;
        this.employees = employees;
        this.partners = partners;
        this.purposes = purposes;
        this.self = self;
        this.times = times;
        this.messages = messages;
    }

    /**
     * One recipient under one grant: {@code kind} says in words whether it is a department of the
     * company or a partner organisation; {@code until} is the last day the grant gave access.
     */
    public record Recipient(String name, String kind, String purpose, LocalDate from, @Nullable LocalDate until) {
    }

    /**
     * Every grant that named the customer, newest first.
     *
     * @throws DomainException 404 unless the caller is this customer, signed in, and the customer is live
     */
    @Transactional(readOnly = true)
    public List<Recipient> of(UUID customerId, Locale locale) {
        self.requireSignedIn(customerId);
        Map<String, String> labels = new HashMap<>();
        for (Purpose purpose : purposes.all()) {
            labels.put(purpose.code(), purpose.label(locale));
        }
        ZoneId zone = times.companyZone();
        List<Recipient> recipients = new ArrayList<>();
        for (SharingLedger.Shared shared : ledger.recipientsOf(customerId)) {
            boolean partner = shared.recipient().type() == RecipientType.PARTNER;
            String name = partner
                    ? partners.find(shared.recipient().id()).map(p -> p.name(locale))
                            .orElseGet(() -> word("portal.recipients.unnamedPartner", locale))
                    : employees.department(shared.recipient().id()).map(d -> d.name(locale))
                            .orElseGet(() -> word("portal.recipients.unnamedDepartment", locale));
            // A grant runs until an instant it excludes: its last day is the day before, where the company is.
            LocalDate until = shared.endsAt().minusNanos(1).atZone(zone).toLocalDate();
            LocalDate from = shared.from().atZone(zone).toLocalDate();
            recipients.add(new Recipient(name, word(partner ? "portal.recipients.kind.partner"
                    : "portal.recipients.kind.department", locale),
                    labels.getOrDefault(shared.purpose(), word("portal.uses.purpose.unknown", locale)), from,
                    until.isBefore(from) ? from : until));
        }
        return recipients;
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
