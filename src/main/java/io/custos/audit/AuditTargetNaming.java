package io.custos.audit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Names for what a page of events points at, asked of the modules that own them through
 * {@link AuditNames}: targets, purposes, and the catalog fields the details list (issue 14.15).
 */
@Service
public class AuditTargetNaming {

    /** The target type of purposes and of catalog fields, as their modules record them. */
    static final String PURPOSE = "purpose";
    static final String FIELD = "catalog-field";

    private final List<AuditNames> resolvers;

    AuditTargetNaming(List<AuditNames> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    /** Names keyed by {@link #key(String, String)}; what no module names is absent. */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    public Map<String, String> names(List<AuditEntry> entries, Set<String> fieldDetails, Locale locale) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (AuditEntry e : entries) {
            if (e.targetType() != null && e.targetId() != null) {
                wanted.computeIfAbsent(e.targetType(), t -> new LinkedHashSet<>()).add(e.targetId());
            }
            if (e.purpose() != null) {
                wanted.computeIfAbsent(PURPOSE, t -> new LinkedHashSet<>()).add(e.purpose());
            }
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                if (fieldDetails.contains(d.getKey())) {
                    Set<String> fields = wanted.computeIfAbsent(FIELD, t -> new LinkedHashSet<>());
                    if (d.getValue() instanceof List<?> list) {
                        list.forEach(v -> fields.add(String.valueOf(v)));
                    } else if (d.getValue() != null) {
                        fields.add(String.valueOf(d.getValue()));
                    }
                }
            }
        }
        Map<String, String> names = new HashMap<>();
        wanted.forEach((type, ids) -> {
            for (AuditNames resolver : resolvers) {
                resolver.names(type, Set.copyOf(ids), locale).forEach((id, name) -> names.put(key(type, id), name));
            }
        });
        return names;
    }

    public static String key(String type, String id) {
        return type + ":" + id;
    }
}
