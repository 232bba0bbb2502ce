package io.custos.casework;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.casework.*}: the answer is due {@code working-days} working days after receipt
 * (15 by default for every type: the company's rule, within GB/T 35273's 30 days), overridable per
 * type in {@code deadlines}; an extension adds at most {@code max-extension-days}; the department
 * head is told when {@code head-warning-days} working days are left, by e-mail from {@code mail-from}
 * with links to {@code base-url} where mail is configured.
 */
@ConfigurationProperties("custos.casework")
public record CaseworkProperties(@DefaultValue("15") int workingDays, @DefaultValue Map<CaseType, Integer> deadlines,
        @DefaultValue("15") int maxExtensionDays, @DefaultValue("5") int headWarningDays,
        @DefaultValue("custos@localhost") String mailFrom, @DefaultValue("http://localhost:8080") String baseUrl) {

    public CaseworkProperties {
        deadlines = deadlines.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(deadlines));
        if (workingDays < 1 || maxExtensionDays < 1 || headWarningDays < 0
                || deadlines.values().stream().anyMatch(days -> days == null || days < 1)) {
            throw new IllegalArgumentException("custos.casework.* day counts must be positive");
        }
    }

    int deadline(CaseType type) {
        return deadlines.getOrDefault(type, workingDays);
    }
}
