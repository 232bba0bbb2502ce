package io.custos.customer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
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
import io.custos.shared.web.Times;

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
    private final Times times;

    CustomerRegistration(CollectionRules rules, CustomerGuard guard, CustomerRepository customers,
            ValueStore values, FieldCatalog catalog, DataKeys dataKeys, ConsentLedger consents, CustomerAudit audit,
            Clock clock, Times times) {
        this.times = times;
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
     * @param lastContactOn optional: the last contact with the customer, no later than today where the
     *        person is (issue 16, R-DEL-1)
     * @param lastTransactionOn optional: the last transaction, likewise
     */
    public record NewCustomer(@Nullable String ownerUsername, Map<String, String> fields,
            @Nullable ConsentGrant consent, @Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {

        public NewCustomer(@Nullable String ownerUsername, Map<String, String> fields, @Nullable ConsentGrant consent) {
            this(ownerUsername, fields, consent, null, null);
        }

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
        requireActivityDates(request.lastContactOn(), request.lastTransactionOn(), by);
        consents.check(consent);
        rules.requireNecessary(checked.keySet(), consent.noticeVersion(), consent.purposes(),
                consent.sensitiveConsent());
        UUID id = UUID.randomUUID();
        customers.insert(id, owner.id(), owner.departmentId(), by.id(), clock.instant(), request.lastContactOn(),
                request.lastTransactionOn());
        dataKeys.create(id);
        checked.forEach((field, value) -> values.put(id, field, value));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fields", names(checked.keySet()));
        details.put("owner", owner.id());
        details.putAll(activityDetails(request.lastContactOn(), request.lastTransactionOn()));
        audit.customer("customer.record.created", id, details);
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

    /** The two activity dates of a customer (issue 16, R-DEL-1); null where never recorded. */
    public record ActivityDates(@Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
    }

    /**
     * Records when the company last had contact or a transaction with the customer (issue 16,
     * R-DEL-1): the dates the retention rules count from. Whoever may change the record may (403 for
     * someone who may only look, 404 for someone who may not see it). A null date keeps the one
     * recorded: a recorded date can be corrected, never erased, so nobody can take a customer out of
     * a rule's reach by clearing it. A date after today where the person is (a way to put off
     * destruction) is refused with 422 {@code activity-date-in-future}; one before 1900 with
     * {@code activity-date-invalid}. Audited as {@code customer.activity.recorded} with both dates
     * (as {@code yyyymmdd} numbers: the audit log holds no free text).
     *
     * @param expectedVersion the version the caller last saw, or null to skip the check
     * @throws DomainException 422 {@code activity-dates-required} when both dates are null; 409
     *         {@code customer-changed} when the record changed since {@code expectedVersion}
     * @return the dates as recorded now
     */
    @Transactional
    public ActivityDates recordActivity(UUID id, @Nullable LocalDate lastContactOn,
            @Nullable LocalDate lastTransactionOn, @Nullable Long expectedVersion, CustosUser by) {
        CustomerRecord customer = guard.editable(id, by, "customer.activity.recorded");
        if (lastContactOn == null && lastTransactionOn == null) {
            throw DomainException.unprocessable("activity-dates-required", Map.of("field", "lastContactOn"));
        }
        requireActivityDates(lastContactOn, lastTransactionOn, by);
        LocalDate contact = lastContactOn != null ? lastContactOn : customer.lastContactOn();
        LocalDate transaction = lastTransactionOn != null ? lastTransactionOn : customer.lastTransactionOn();
        long version = expectedVersion != null ? expectedVersion : customer.version();
        if (!customers.recordActivity(id, version, contact, transaction, clock.instant())) {
            throw DomainException.conflict("customer-changed");
        }
        audit.customer("customer.activity.recorded", id, activityDetails(contact, transaction));
        return new ActivityDates(contact, transaction);
    }

    static final String LAST_CONTACT = "lastContactOn";
    static final String LAST_TRANSACTION = "lastTransactionOn";
    /** The earliest activity date accepted: anything before is a typing error. */
    static final LocalDate EARLIEST_ACTIVITY = LocalDate.of(1900, 1, 1);

    /** Refuses a date after today where the person is, or before 1900, naming the field. */
    void requireActivityDates(@Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn,
            CustosUser by) {
        LocalDate today = clock.instant().atZone(times.zoneOf(by.id())).toLocalDate();
        requireActivityDate(LAST_CONTACT, lastContactOn, today);
        requireActivityDate(LAST_TRANSACTION, lastTransactionOn, today);
    }

    /** The problem of an activity date for a person whose today is {@code today}, or null. */
    static @Nullable String activityDateProblem(@Nullable LocalDate date, LocalDate today) {
        if (date == null) {
            return null;
        }
        if (date.isAfter(today)) {
            return "activity-date-in-future";
        }
        return date.isBefore(EARLIEST_ACTIVITY) ? "activity-date-invalid" : null;
    }

    private static void requireActivityDate(String field, @Nullable LocalDate date, LocalDate today) {
        String problem = activityDateProblem(date, today);
        if (problem != null) {
            throw DomainException.unprocessable(problem, Map.of("field", field));
        }
    }

    /** Dates as {@code yyyymmdd} numbers: the audit log takes ids, codes and counts, no free text. */
    static Map<String, Object> activityDetails(@Nullable LocalDate lastContactOn,
            @Nullable LocalDate lastTransactionOn) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (lastContactOn != null) {
            details.put(LAST_CONTACT, auditDate(lastContactOn));
        }
        if (lastTransactionOn != null) {
            details.put(LAST_TRANSACTION, auditDate(lastTransactionOn));
        }
        return details;
    }

    static int auditDate(LocalDate date) {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    private static List<String> names(Set<FieldDefinition> fields) {
        return fields.stream().map(FieldDefinition::key).sorted().toList();
    }
}
