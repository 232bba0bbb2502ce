package io.custos.customer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.consent.ConsentGrant;
import io.custos.consent.ConsentLedger;
import io.custos.consent.ConsentState;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.keys.DataKeys;
import io.custos.shared.DomainException;

/**
 * Registering a customer with the consent collected alongside, and changing its values (R-COL-1 to
 * R-COL-4, R-STO-1). Each change is checked against the collection rules and audited with the
 * names of the fields it set and cleared, never their values.
 */
@Service
public class CustomerRegistration {

    private final CollectionRules rules;
    private final CustomerGuard guard;
    private final CustomerRepository customers;
    private final ValueStore values;
    private final FieldCatalog catalog;
    private final DataKeys dataKeys;
    private final ConsentLedger consents;
    private final CustomerAudit audit;
    private final Clock clock;

    CustomerRegistration(CollectionRules rules, CustomerGuard guard, CustomerRepository customers,
            ValueStore values, FieldCatalog catalog, DataKeys dataKeys, ConsentLedger consents, CustomerAudit audit,
            Clock clock) {
        this.rules = rules;
        this.guard = guard;
        this.customers = customers;
        this.values = values;
        this.catalog = catalog;
        this.dataKeys = dataKeys;
        this.consents = consents;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param ownerUsername null: the person creating it
     * @param consent the consent collected with the data; required (R-COL-1)
     */
    public record NewCustomer(@Nullable String ownerUsername, Map<String, String> fields,
            @Nullable ConsentGrant consent) {
        @Override
        public String toString() {
            return "NewCustomer[fields=" + fields.keySet() + "]";
        }
    }

    @Transactional
    public UUID create(NewCustomer request, CustosUser by) {
        rules.requireCreator(by, "customer.record.created");
        EmployeeView owner = rules.owner(request.ownerUsername(), by);
        ConsentGrant consent = request.consent();
        if (consent == null) {
            throw DomainException.unprocessable("consent-required", Map.of("field", "consent"));
        }
        Map<FieldDefinition, String> checked = rules.check(request.fields());
        if (!request.fields().containsKey(CollectionRules.COMPANY_NAME)
                || request.fields().get(CollectionRules.COMPANY_NAME) == null) {
            throw DomainException.unprocessable("field-required", Map.of("field", CollectionRules.COMPANY_NAME),
                    CollectionRules.COMPANY_NAME);
        }
        consents.check(consent);
        rules.requireNecessary(checked.keySet(), consent.noticeVersion(), consent.purposes(),
                consent.sensitiveConsent());
        UUID id = UUID.randomUUID();
        customers.insert(id, owner.id(), owner.departmentId(), by.id(), clock.instant());
        dataKeys.create(id);
        checked.forEach((field, value) -> values.put(id, field, value));
        audit.customer("customer.record.created", id, Map.of("fields", names(checked.keySet()), "owner", owner.id()));
        consents.grant(id, consent);
        return id;
    }

    /**
     * Sets (value) or clears (null) the given fields; the rest stay as they are.
     *
     * @param expectedVersion the version the caller last saw, or null to skip the check
     * @throws DomainException 409 {@code customer-changed} when someone else changed the record since
     */
    @Transactional
    public void update(UUID id, Map<String, @Nullable String> changes, @Nullable Long expectedVersion, CustosUser by) {
        CustomerRecord customer = guard.editable(id, by, "customer.record.updated");
        if (changes.containsKey(CollectionRules.COMPANY_NAME) && changes.get(CollectionRules.COMPANY_NAME) == null) {
            throw DomainException.unprocessable("field-required", Map.of("field", CollectionRules.COMPANY_NAME),
                    CollectionRules.COMPANY_NAME);
        }
        Map<FieldDefinition, String> checked = rules.check(changes);
        ConsentState consent = consents.state(id).orElse(null);
        if (consent == null) {
            throw DomainException.conflict("no-consent");
        }
        rules.requireNecessary(checked.keySet(), consent.noticeVersion(), consent.purposes(),
                consent.sensitiveConsent());
        long version = expectedVersion != null ? expectedVersion : customer.version();
        if (!customers.touch(id, version, clock.instant())) {
            throw DomainException.conflict("customer-changed");
        }
        Set<String> cleared = new TreeSet<>();
        for (Map.Entry<String, @Nullable String> change : changes.entrySet()) {
            if (change.getValue() == null) {
                values.remove(id, catalog.field(change.getKey()).key());
                cleared.add(change.getKey());
            }
        }
        checked.forEach((field, value) -> values.put(id, field, value));
        audit.customer("customer.record.updated", id, Map.of("set", names(checked.keySet()), "cleared",
                List.copyOf(cleared)));
    }

    private static List<String> names(Set<FieldDefinition> fields) {
        return fields.stream().map(FieldDefinition::key).sorted().toList();
    }
}
