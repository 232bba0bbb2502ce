package io.custos.customer;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.access.FieldRef;
import io.custos.access.Subject;
import io.custos.access.Subjects;

/** Tells the access module a record's owner and department, and the catalog's fields, for explanations. */
@Component
class CustomerSubjects implements Subjects {

    private final CustomerRepository customers;
    private final FieldCatalog catalog;

    CustomerSubjects(CustomerRepository customers, FieldCatalog catalog) {
        this.customers = customers;
        this.catalog = catalog;
    }

    @Override
    public Optional<Subject> find(UUID customerId) {
        return customers.find(customerId).map(CustomerGuard::subject);
    }

    @Override
    public List<FieldRef> fields() {
        return CustomerGuard.refs(catalog.fields());
    }
}
