package io.custos.customer;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * A {@link CustomerNotices} for tests: the notices put here for a customer, none for any other (so
 * it changes no other test's pages).
 */
@Component
class TestCustomerNotices implements CustomerNotices {

    static final Map<UUID, List<CustomerNotice>> NOTICES = new ConcurrentHashMap<>();

    @Override
    public List<CustomerNotice> noticesFor(UUID customerId) {
        return NOTICES.getOrDefault(customerId, List.of());
    }
}
