package io.custos.access;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the access module asks the module that owns customer records (implemented there, so this
 * module does not depend on it): a record's owner and department, the fields of the catalog, and
 * the public names that let the review list name a customer.
 */
public interface Subjects {

    Optional<Subject> find(UUID customerId);

    List<FieldRef> fields();

    /**
     * The company names of these customers, a public (L1) value, to name them to people who review
     * access to them without reading their records; absent where there is none or the field is no
     * longer public.
     */
    Map<UUID, String> companyNames(Collection<UUID> customerIds);

    /**
     * Customers whose company name (while it is public, L1) contains the text, ignoring case, by
     * name, at most {@code limit}: to pick a customer by name instead of by id. Nothing when the
     * name is no longer public.
     */
    Map<UUID, String> companiesNamed(String text, int limit);

    /** The catalog's field labels in a language, by field key. */
    Map<String, String> fieldLabels(Locale locale);
}
