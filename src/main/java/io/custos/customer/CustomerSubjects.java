package io.custos.customer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.access.FieldRef;
import io.custos.access.Subject;
import io.custos.access.Subjects;
import io.custos.shared.Sensitivity;

/**
 * Tells the access module a record's owner and department, the catalog's fields and labels, and the
 * company names (L1) that name customers on the review list.
 */
@Component
class CustomerSubjects implements Subjects {

    private final CustomerRepository customers;
    private final FieldCatalog catalog;
    private final ValueStore values;

    CustomerSubjects(CustomerRepository customers, FieldCatalog catalog, ValueStore values) {
        this.customers = customers;
        this.catalog = catalog;
        this.values = values;
    }

    @Override
    public Optional<Subject> find(UUID customerId) {
        return customers.find(customerId).map(CustomerGuard::subject);
    }

    @Override
    public List<FieldRef> fields() {
        return CustomerGuard.refs(catalog.fields());
    }

    /** Only while the catalog keeps the company name public (L1): reclassified, it names nobody. */
    @Override
    public Map<UUID, String> companyNames(Collection<UUID> customerIds) {
        FieldDefinition name = catalog.field(CollectionRules.COMPANY_NAME);
        if (name.sensitivity() != Sensitivity.L1) {
            return Map.of();
        }
        return values.publicValues(name.key(), customerIds);
    }

    @Override
    public Map<UUID, String> companiesNamed(String text, int limit) {
        FieldDefinition name = catalog.field(CollectionRules.COMPANY_NAME);
        if (name.sensitivity() != Sensitivity.L1 || text.isBlank()) {
            return Map.of();
        }
        return values.publicValuesContaining(name.key(), text.strip(), limit);
    }

    @Override
    public Map<String, String> fieldLabels(Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        catalog.fields().forEach(f -> labels.put(f.key(), f.label(locale)));
        return labels;
    }
}
