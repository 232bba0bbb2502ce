package io.custos.customer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.Channel;
import io.custos.consent.ConsentEntry;
import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.consent.Withdrawal;
import io.custos.identity.CustosUser;

/**
 * The consent on a customer's record (R-COL-1, R-COL-4, R-COL-5): read by whoever may see the
 * customer, granted again, withdrawn and evidenced by whoever may change it. A new grant must still
 * cover every field the record holds.
 */
@Service
public class CustomerConsents {

    private final CustomerGuard guard;
    private final CollectionRules rules;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final ConsentLedger consents;
    private final CustomerAudit audit;

    CustomerConsents(CustomerGuard guard, CollectionRules rules, ValueStore values, FieldCatalog catalog,
            ConsentLedger consents, CustomerAudit audit) {
        this.guard = guard;
        this.rules = rules;
        this.values = values;
        this.catalog = catalog;
        this.consents = consents;
        this.audit = audit;
    }

    /** A customer's consent now and its history, for whoever may see the customer. */
    public record Consents(@Nullable ConsentState current, List<ConsentEntry> history) {
    }

    @Transactional
    public Consents consents(UUID id, CustosUser by) {
        guard.visible(id, by, "customer.consents.viewed");
        audit.customer("customer.consents.viewed", id, Map.of());
        return new Consents(consents.state(id).orElse(null), consents.history(id));
    }

    /** A new consent (re-consent under a newer notice, or a changed choice) replaces the current one. */
    @Transactional
    public UUID grantConsent(UUID id, ConsentGrant grant, CustosUser by) {
        guard.editable(id, by, "consent.granted");
        consents.check(grant);
        Set<FieldDefinition> held = new HashSet<>();
        values.fieldKeys(id).forEach(key -> held.add(catalog.field(key)));
        rules.requireNecessary(held, grant.noticeVersion(), grant.purposes(), grant.sensitiveConsent());
        return consents.grant(id, grant);
    }

    @Transactional
    public UUID withdrawConsent(UUID id, Withdrawal withdrawal, Channel channel, CustosUser by) {
        guard.editable(id, by, "consent.withdrawn");
        return consents.withdraw(id, withdrawal, channel);
    }

    @Transactional
    public void attachConsentEvidence(UUID id, UUID consentId, String contentType, byte[] content, CustosUser by) {
        guard.editable(id, by, "consent.evidence.attached");
        consents.attachEvidence(id, consentId, contentType, content);
    }
}
