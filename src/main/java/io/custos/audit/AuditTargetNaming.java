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

    /** The target type of purposes, as the consent module names them. */
    static final String PURPOSE = "purpose";

    private final List<AuditNames> resolvers;

    AuditTargetNaming(List<AuditNames> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    /** Names keyed by {@link #key(String, String)}; what no module names is absent. */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    /**
     * @param detailTypes details whose values are ids of a target type (detail key to type), such as
     *        {@code fields} to {@code catalog-field}
     */
    public Map<String, String> names(List<AuditEntry> entries, Map<String, String> detailTypes, Locale locale) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (AuditEntry e : entries) {
            if (e.targetType() != null && e.targetId() != null) {
                wanted.computeIfAbsent(e.targetType(), t -> new LinkedHashSet<>()).add(e.targetId());
            }
            if (e.purpose() != null) {
                wanted.computeIfAbsent(PURPOSE, t -> new LinkedHashSet<>()).add(e.purpose());
            }
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                String type = detailTypes.get(d.getKey());
                if (type != null) {
                    Set<String> fields = wanted.computeIfAbsent(type, t -> new LinkedHashSet<>());
                    if (d.getValue() instanceof List<?> list) {
                        list.forEach(v -> fields.add(beforeColon(String.valueOf(v))));
                    } else if (d.getValue() != null) {
                        fields.add(beforeColon(String.valueOf(d.getValue())));
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

    /** A detail such as {@code phone:owner} pairs a named id with a code; the id is what is named. */
    private static String beforeColon(String value) {
        int colon = value.indexOf(':');
        return colon > 0 ? value.substring(0, colon) : value;
    }

    public static String key(String type, String id) {
        return type + ":" + id;
    }
}
