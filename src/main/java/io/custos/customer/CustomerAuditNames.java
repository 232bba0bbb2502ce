package io.custos.customer;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditNames;
import io.custos.shared.IdList;

/**
 * Names customers by company name on the audit pages, only while the catalog keeps that field
 * public (L1), so an auditor reads nothing a colleague of another department could not; and catalog
 * fields by their label (issue 14.15). Values come through the same L1-only path as the review
 * list's names, so no SQL here reads stored values.
 */
@Component
class CustomerAuditNames implements AuditNames {

    private final CustomerSubjects subjects;
    private final FieldCatalog catalog;

    CustomerAuditNames(CustomerSubjects subjects, FieldCatalog catalog) {
        this.subjects = subjects;
        this.catalog = catalog;
    }

    @Override
    public Map<String, String> names(String type, Set<String> ids, Locale locale) {
        Map<String, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        if (CustomerAudit.CUSTOMER.equals(type)) {
            List<UUID> uuids = IdList.uuids(ids);
            subjects.companyNames(uuids).forEach((id, name) -> names.put(id.toString(), name));
        } else if (CustomerAudit.FIELD.equals(type)) {
            for (FieldDefinition field : catalog.fields()) {
                if (ids.contains(field.key())) {
                    names.put(field.key(), field.label(locale));
                }
            }
        }
        return names;
    }
}
