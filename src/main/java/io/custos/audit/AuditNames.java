package io.custos.audit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Implemented by each module that owns something audit events point at (people, departments,
 * customers, catalog fields, documents, courses, purposes), so the audit pages can name a target
 * next to its id without the audit module depending on the modules that depend on it (issue 14.15).
 * Only names a person may read anyway appear: display names, department names, a customer's company
 * name while it is a public (L1) field, labels and titles; never an encrypted value.
 */
public interface AuditNames {

    /**
     * @param type a target type as events record it ({@code customer}, {@code employee}, {@code purpose}...)
     * @return names for those of {@code ids} of that type this module knows, in the language asked;
     *         an empty map for types it does not own
     */
    Map<String, String> names(String type, Set<String> ids, Locale locale);
}
