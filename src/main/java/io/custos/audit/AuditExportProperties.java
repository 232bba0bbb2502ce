package io.custos.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.audit.export.*}.
 *
 * @param maxRows the most events one export may hold; a larger one is refused, so that the filter is
 *        narrowed instead of the whole log leaving in one file
 */
@ConfigurationProperties("custos.audit.export")
record AuditExportProperties(@DefaultValue("100000") int maxRows) {

    AuditExportProperties {
        if (maxRows < 1) {
            throw new IllegalArgumentException("custos.audit.export.max-rows must be at least 1");
        }
    }
}
