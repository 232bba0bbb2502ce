package io.custos.access;

import java.util.Set;
import java.util.UUID;

/**
 * An approved sharing grant as a decision applies it: the recipient may see {@code fields} of the
 * customer, and reveal them for {@code purpose} only. {@code external}: the recipient is a partner
 * organisation, so the customer's consent to third-party sharing is needed as well.
 */
public record Granted(UUID grantId, String purpose, Set<String> fields, boolean external) {

    public Granted {
        fields = Set.copyOf(fields);
    }
}
