package io.custos.audit.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditEntry;
import io.custos.audit.AuditTargetNaming;

/**
 * Words for the codes an event is made of (issue 14.15, R-X-1): action names, target types and
 * detail names from the bundles ({@code audit.action.*}, {@code audit.targetType.*},
 * {@code audit.detail.*}); a code a newer module records before its words exist is spelled out from
 * its parts instead of shown raw. Detail values that are catalog fields show their labels.
 */
@Component
class AuditLabels {

    /** Details whose values are ids of something a module names: catalog fields, purposes. */
    static final Map<String, String> DETAIL_TYPES = Map.ofEntries(Map.entry("fields", "catalog-field"),
            Map.entry("field", "catalog-field"), Map.entry("refused", "catalog-field"),
            Map.entry("masked", "catalog-field"), Map.entry("shown", "catalog-field"),
            Map.entry("changed", "catalog-field"), Map.entry("cleared", "catalog-field"),
            Map.entry("empty", "catalog-field"), Map.entry("purposes", "purpose"), Map.entry("purpose", "purpose"),
            Map.entry("course", "course"));
    /** Details whose values are codes with words elsewhere in the bundles; others use {@code audit.value.<key>.}. */
    private static final Map<String, String> VALUE_WORDS = Map.of("roles", "role.", "role", "role.", "added", "role.",
            "removed", "role.", "filters", "audit.filter.", "kind", "audit.verify.kind.", "channel", "consent.channel.");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    private final MessageSource messages;

    AuditLabels(MessageSource messages) {
        this.messages = messages;
    }

    record Detail(String name, String value) {
    }

    /** One event as the page shows it: every code already turned into words. */
    record Row(AuditEntry event, String action, @Nullable String targetType, @Nullable String targetName,
            @Nullable String purpose, List<Detail> details) {
    }

    record ActionChoice(String code, String label) {
    }

    record ActionGroup(String label, String prefix, List<ActionChoice> actions) {
    }

    List<Row> rows(Collection<AuditEntry> entries, Map<String, String> names, Locale locale) {
        List<Row> rows = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            String targetName = e.targetType() == null || e.targetId() == null ? null
                    : names.get(AuditTargetNaming.key(e.targetType(), e.targetId()));
            String purpose = e.purpose() == null ? null
                    : names.getOrDefault(AuditTargetNaming.key("purpose", e.purpose()), e.purpose());
            List<Detail> details = new ArrayList<>();
            e.details().forEach((key, value) -> details.add(new Detail(detailName(key, locale),
                    value(key, value, names, locale))));
            rows.add(new Row(e, action(e.action(), locale), e.targetType() == null ? null
                    : word("audit.targetType." + e.targetType(), e.targetType(), locale), targetName, purpose, details));
        }
        return rows;
    }

    /** The actions to pick from, grouped by the module that records them, each group sorted by its words. */
    List<ActionGroup> actionGroups(List<String> codes, Locale locale) {
        Map<String, List<ActionChoice>> byModule = new java.util.TreeMap<>();
        for (String code : codes) {
            String module = code.substring(0, code.indexOf('.'));
            byModule.computeIfAbsent(module, m -> new ArrayList<>()).add(new ActionChoice(code, action(code, locale)));
        }
        List<ActionGroup> groups = new ArrayList<>();
        byModule.forEach((module, actions) -> {
            actions.sort(java.util.Comparator.comparing(ActionChoice::label));
            groups.add(new ActionGroup(module(module, locale), module + ".", actions));
        });
        return groups;
    }

    String action(String code, Locale locale) {
        String key = "audit.action." + code;
        String known = message(key, locale);
        if (known != null) {
            return known;
        }
        int dot = code.indexOf('.');
        return module(code.substring(0, dot), locale) + ": " + spelled(code.substring(dot + 1).replace('.', ' '));
    }

    String module(String module, Locale locale) {
        return word("audit.module." + module, module, locale);
    }

    private String detailName(String key, Locale locale) {
        return word("audit.detail." + key, key, locale);
    }

    private String value(String key, @Nullable Object value, Map<String, String> names, Locale locale) {
        if (value instanceof Boolean flag) {
            return messages.getMessage(flag ? "audit.value.yes" : "audit.value.no", null, locale);
        }
        if (value instanceof Collection<?> list) {
            List<String> parts = new ArrayList<>(list.size());
            for (Object item : list) {
                parts.add(item(key, String.valueOf(item), names, locale));
            }
            return String.join(", ", parts);
        }
        return value == null ? "" : item(key, String.valueOf(value), names, locale);
    }

    private String item(String key, String value, Map<String, String> names, Locale locale) {
        String type = DETAIL_TYPES.get(key);
        if (type != null) {
            return names.getOrDefault(AuditTargetNaming.key(type, value), value);
        }
        String known = message(VALUE_WORDS.getOrDefault(key, "audit.value." + key + ".") + value, locale);
        return known != null ? known : value;
    }

    private String word(String key, String code, Locale locale) {
        String known = message(key, locale);
        return known != null ? known : spelled(code);
    }

    private @Nullable String message(String key, Locale locale) {
        try {
            return messages.getMessage(key, null, locale);
        } catch (NoSuchMessageException e) {
            return null;
        }
    }

    /** {@code reveal-refused} → "reveal refused", {@code bytesCut} → "bytes cut". */
    private static String spelled(String code) {
        return CAMEL.matcher(code).replaceAll(" ").replace('-', ' ').replace('_', ' ').toLowerCase(Locale.ROOT);
    }
}
