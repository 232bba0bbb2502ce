package io.custos.customer;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.custos.access.AccessAction;
import io.custos.access.AccessDecision;
import io.custos.access.AccessDecisions;
import io.custos.access.FieldRef;
import io.custos.access.Subject;
import io.custos.identity.CustosUser;
import io.custos.shared.DomainException;

/**
 * The one way a use case gets at a single record: the access decision for this person, or a 404
 * exactly like a missing record when no rule lets them see it (recorded as a refusal), and a 403
 * when they may see but not change it.
 */
@Component
class CustomerGuard {

    private final CustomerRepository customers;
    private final AccessDecisions access;
    private final FieldCatalog catalog;
    private final CustomerAudit audit;

    CustomerGuard(CustomerRepository customers, AccessDecisions access, FieldCatalog catalog, CustomerAudit audit) {
        this.customers = customers;
        this.access = access;
        this.catalog = catalog;
        this.audit = audit;
    }

    /** The record, or a 404 that looks like any other; not yet a decision. */
    CustomerRecord find(UUID id) {
        return customers.find(id).orElseThrow(DomainException::notFound);
    }

    AccessDecision visible(CustomerRecord customer, CustosUser by, AccessAction action, @Nullable String purpose,
            List<FieldRef> fields, String auditAction) {
        AccessDecision decision = access.decide(by, subject(customer), action, purpose, fields);
        if (!decision.visible()) {
            audit.refused(auditAction, customer.id(), decision.refusal().code());
            throw DomainException.notFound();
        }
        return decision;
    }

    /** Whether the person may see the record at all (judged on its name, which every rule reaches). */
    AccessDecision visible(UUID id, CustosUser by, String auditAction) {
        return visible(find(id), by, AccessAction.VIEW, null, refs(List.of(catalog.field(CollectionRules.COMPANY_NAME))),
                auditAction);
    }

    /** The record, when the person may change it: 404 when they may not see it, 403 when they may only look. */
    CustomerRecord editable(UUID id, CustosUser by, String auditAction) {
        CustomerRecord customer = find(id);
        AccessDecision decision = visible(customer, by, AccessAction.EDIT, null, refs(catalog.fields()), auditAction);
        if (!decision.allowed()) {
            audit.refused(auditAction, id, decision.refusal().code());
            throw new DomainException("forbidden", HttpStatus.FORBIDDEN);
        }
        return customer;
    }

    static Subject subject(CustomerRecord customer) {
        return new Subject(customer.id(), customer.ownerId(), customer.departmentId());
    }

    static List<FieldRef> refs(Collection<FieldDefinition> fields) {
        return fields.stream().map(f -> new FieldRef(f.key(), f.sensitivity())).toList();
    }
}
