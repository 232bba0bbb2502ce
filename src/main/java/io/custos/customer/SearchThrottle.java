package io.custos.customer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import io.custos.identity.CustosUser;
import io.custos.shared.Throttle;
import io.custos.shared.Throttles;

/**
 * Limits how often one person may search by a confidential (L3-L4) value (issue 13.1). A search
 * matches only customers whose field the person may reveal anyway; the limit keeps a script from
 * trying candidates by the thousand all the same, and every try is audited. One token bucket per
 * person, shared by the nodes ({@link Throttles}, issue 24.3), so a second node is no second allowance.
 */
@Component
class SearchThrottle {

    /**
     * {@code custos.customer.sensitive-search.*}: {@code capacity} searches at once, refilled
     * gradually over {@code period}.
     */
    @ConfigurationProperties("custos.customer.sensitive-search")
    record Limits(@DefaultValue("20") int capacity, @DefaultValue("10m") Duration period) {
        Limits {
            if (capacity < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("custos.customer.sensitive-search.* must be positive");
            }
        }
    }

    private final Throttle searches;

    SearchThrottle(Limits limits, Throttles throttles) {
        this.searches = throttles.named("customer-sensitive-search", limits.capacity(), limits.period());
    }

    /** Takes one search; a 429 {@code search-throttled} with the seconds to wait when none is left. */
    void take(CustosUser by) {
        searches.takeOrRefuse(by.id().toString(), "search-throttled");
    }
}
