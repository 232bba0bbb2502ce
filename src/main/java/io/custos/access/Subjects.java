package io.custos.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the access module asks the module that owns customer records (implemented there, so this
 * module does not depend on it): a record's owner and department, and the fields of the catalog.
 */
public interface Subjects {

    Optional<Subject> find(UUID customerId);

    List<FieldRef> fields();
}
