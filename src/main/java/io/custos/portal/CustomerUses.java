package io.custos.portal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditFacts;
import io.custos.consent.Purpose;
import io.custos.consent.Purposes;
import io.custos.customer.CustomerSelfView;
import io.custos.customer.FieldCatalog;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.sharing.Partners;

/**
 * Who used a customer's data, for what, as the customer may read it (R-CUS-1, R-COL-5): by
 * department or partner organisation, never by person. A name or login would let a customer
 * pursue an employee outside the company's complaint process, and would tell them who in a small
 * department handles them; the department is what the law asks the company to disclose, and the
 * company answers for its staff. Values are never repeated; only the catalog's field labels.
 */
@Service
public class CustomerUses {

    /** The portal shows the recent uses; the full record is a request for a copy (casework). */
    public static final int DEFAULT_LIMIT = 100;

    private final AuditFacts facts;
    private final Employees employees;
    private final Partners partners;
    private final Purposes purposes;
    private final FieldCatalog catalog;
    private final CustomerSelfView self;
    private final MessageSource messages;

    CustomerUses(AuditFacts facts, Employees employees, Partners partners, Purposes purposes, FieldCatalog catalog,
            CustomerSelfView self, MessageSource messages) {
        this.facts = facts;
        this.employees = employees;
        this.partners = partners;
        this.purposes = purposes;
        this.catalog = catalog;
        this.self = self;
        this.messages = messages;
    }

    /**
     * One use in words: when; the acting department (as it was then, where identity's history
     * reaches) or partner organisation; the purpose's label; what was done ("saw your phone in full").
     */
    public record UseLine(Instant at, String department, String purpose, String what) {
    }

    /** The latest {@value #DEFAULT_LIMIT} uses, newest first. */
    @Transactional(readOnly = true)
    public List<UseLine> of(UUID customerId, Locale locale) {
        return of(customerId, DEFAULT_LIMIT, locale);
    }

    /**
     * The latest uses, newest first: the events of one act (a reveal of several fields is one event
     * per field) become one line.
     *
     * @throws DomainException 404 unless the caller is this customer, signed in, and the customer is live
     */
    @Transactional(readOnly = true)
    public List<UseLine> of(UUID customerId, int limit, Locale locale) {
        self.requireSignedIn(customerId);
        Map<String, String> purposeLabels = new HashMap<>();
        for (Purpose purpose : purposes.all()) {
            purposeLabels.put(purpose.code(), purpose.label(locale));
        }
        Map<String, String> actorWords = new HashMap<>();
        List<UseLine> lines = new ArrayList<>();
        AuditFacts.Use previous = null;
        Set<String> fields = new LinkedHashSet<>();
        for (AuditFacts.Use use : facts.usesOf(customerId, limit)) {
            if (previous != null && sameAct(previous, use)) {
                fields.addAll(use.fields());
                continue;
            }
            if (previous != null) {
                lines.add(line(previous, fields, purposeLabels, actorWords, locale));
            }
            previous = use;
            fields = new LinkedHashSet<>(use.fields());
        }
        if (previous != null) {
            lines.add(line(previous, fields, purposeLabels, actorWords, locale));
        }
        return lines;
    }

    private static boolean sameAct(AuditFacts.Use a, AuditFacts.Use b) {
        return a.at().equals(b.at()) && a.action().equals(b.action()) && a.actorType() == b.actorType()
                && Objects.equals(a.actorId(), b.actorId()) && Objects.equals(a.purpose(), b.purpose())
                && Objects.equals(a.grant(), b.grant()) && Objects.equals(a.exportPackage(), b.exportPackage());
    }

    private UseLine line(AuditFacts.Use use, Set<String> fields, Map<String, String> purposeLabels,
            Map<String, String> actorWords, Locale locale) {
        String who = actorWords.computeIfAbsent(use.actorType() + ":" + use.actorId() + ":" + use.at(),
                k -> actor(use, locale));
        String purpose = use.purpose() == null ? word("portal.uses.purpose.none", locale)
                : purposeLabels.getOrDefault(use.purpose(), word("portal.uses.purpose.unknown", locale));
        return new UseLine(use.at(), who, purpose, what(use, fields, locale));
    }

    /** The department then, or the partner organisation; never the person. */
    private String actor(AuditFacts.Use use, Locale locale) {
        UUID actorId = use.actorId();
        if (actorId == null) {
            return word("portal.uses.actor.staff", locale);
        }
        if (use.actorType() == Actor.ActorType.PARTNER) {
            return employees.byId(actorId).map(EmployeeView::partnerId).flatMap(partners::find)
                    .map(p -> p.name(locale)).orElseGet(() -> word("portal.uses.actor.partner", locale));
        }
        UUID department;
        try {
            department = employees.departmentAt(actorId, use.at()).departmentId();
        } catch (DomainException unknownEmployee) {
            department = null;
        }
        return department == null ? word("portal.uses.actor.staff", locale)
                : employees.department(department).map(d -> d.name(locale))
                        .orElseGet(() -> word("portal.uses.actor.staff", locale));
    }

    private String what(AuditFacts.Use use, Set<String> fields, Locale locale) {
        String labels = labels(fields, locale);
        String key = switch (use.action()) {
            case "customer.field.revealed" -> use.exportPackage() != null ? "portal.uses.what.exported"
                    : use.grant() != null ? "portal.uses.what.revealedUnderGrant" : "portal.uses.what.revealed";
            case "customer.record.found-by-value" -> "portal.uses.what.found";
            case "customer.owner.transferred" -> "portal.uses.what.handedOver";
            default -> use.grant() != null ? "portal.uses.what.viewedUnderGrant" : "portal.uses.what.viewed";
        };
        if (labels.isEmpty() && (key.equals("portal.uses.what.revealed") || key.equals("portal.uses.what.found")
                || key.equals("portal.uses.what.exported") || key.equals("portal.uses.what.revealedUnderGrant"))) {
            labels = word("portal.uses.what.someData", locale);
        }
        return messages.getMessage(key, new Object[] {labels}, locale);
    }

    private String labels(Set<String> fields, Locale locale) {
        List<String> labels = new ArrayList<>();
        for (String key : fields) {
            try {
                labels.add(catalog.field(key).label(locale));
            } catch (DomainException notInCatalog) {
                // A key the catalog does not know is never echoed: it could be anything.
            }
        }
        return String.join("zh".equals(locale.getLanguage()) ? "、" : ", ", labels);
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
