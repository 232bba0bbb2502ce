package io.custos.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;

/**
 * Every value held about a customer, in clear, for the copy the customer asked for (PIPL arts. 45,
 * issue 19.3): casework makes it into a file only the customer can fetch, in the portal. No member
 * of staff ever reads this list: it bypasses the access decisions because its reader is the data
 * subject, and casework keeps deliveries from staff (only their size and digest show).
 */
@Service
public class CustomerCopies {

    /** One field's value with its labels, in catalog order. */
    public record Held(String key, String labelZh, String labelEn, Sensitivity level, String value) {
        @Override
        public String toString() {
            return "Held[" + key + "]";
        }
    }

    private final CustomerRepository customers;
    private final FieldCatalog catalog;
    private final ValueStore values;

    CustomerCopies(CustomerRepository customers, FieldCatalog catalog, ValueStore values) {
        this.customers = customers;
        this.catalog = catalog;
        this.values = values;
    }

    /** @throws DomainException 404 for an unknown or destroyed customer */
    @Transactional(readOnly = true)
    public List<Held> valuesOf(UUID customerId) {
        if (customers.find(customerId).isEmpty()) {
            throw DomainException.notFound();
        }
        Map<String, ValueStore.Stored> stored = values.load(customerId);
        List<Held> held = new ArrayList<>();
        for (FieldDefinition field : catalog.fields()) {
            ValueStore.Stored value = stored.get(field.key());
            if (value != null) {
                held.add(new Held(field.key(), field.labelZh(), field.labelEn(), field.sensitivity(),
                        values.read(customerId, value)));
            }
        }
        return held;
    }
}
