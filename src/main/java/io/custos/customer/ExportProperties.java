package io.custos.customer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.customer.export.*}.
 *
 * @param maxRows the most customers one export may hold; a larger one is refused, so that the filter
 *        is narrowed instead of the whole registry leaving in one file (bulk export approval comes
 *        with the sharing workflow)
 */
@ConfigurationProperties("custos.customer.export")
record ExportProperties(@DefaultValue("100000") int maxRows) {

    ExportProperties {
        if (maxRows < 1) {
            throw new IllegalArgumentException("custos.customer.export.max-rows must be at least 1");
        }
    }
}
