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
            Map.entry("course", "course"), Map.entry("rules", "catalog-field"), Map.entry("reasons", "catalog-field"),
            Map.entry("filters", "catalog-field"), Map.entry("denied", "catalog-field"),
            Map.entry("unreadable", "catalog-field"), Map.entry("grants", "catalog-field"),
            Map.entry("partner", "partner"), Map.entry("nda", "nda"), Map.entry("manager", "employee"),
            Map.entry("set", "catalog-field"), Map.entry("purposeCode", "purpose"),
            // The paper register (issue 16.6).
            Map.entry("custodian", "employee"), Map.entry("holder", "employee"), Map.entry("witness", "employee"),
            Map.entry("department", "department"), Map.entry("records", "paper-record"),
            // Handovers (issue 18).
            Map.entry("fromOwner", "employee"), Map.entry("toOwner", "employee"), Map.entry("successor", "employee"),
            Map.entry("employee", "employee"),
            // Casework (issue 19).
            Map.entry("assignee", "employee"),
            // Security monitoring (issue 21): the person an alert is about.
            Map.entry("person", "employee"));
    /** Details whose values pair a catalog field with a code ({@code phone:owner}): the field is named, the code read. */
    static final java.util.Set<String> FIELD_PAIRS = java.util.Set.of("rules", "reasons", "grants");
    /** Details whose values are codes with words elsewhere in the bundles; others use {@code audit.value.<key>.}. */
    private static final Map<String, String> VALUE_WORDS = Map.of("roles", "role.", "role", "role.", "added", "role.",
            "removed", "role.", "filters", "audit.filter.", "kind", "audit.verify.kind.", "channel", "consent.channel.",
            "next", "sharing.status.", "stage", "sharing.status.");
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
                    value(key, value, names, purpose, locale))));
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

    private String value(String key, @Nullable Object value, Map<String, String> names, @Nullable String purpose,
            Locale locale) {
        if (value instanceof Boolean flag) {
            return messages.getMessage(flag ? "audit.value.yes" : "audit.value.no", null, locale);
        }
        if (value instanceof Collection<?> list) {
            List<String> parts = new ArrayList<>(list.size());
            for (Object item : list) {
                parts.add(item(key, String.valueOf(item), names, purpose, locale));
            }
            return String.join(", ", parts);
        }
        return value == null ? "" : item(key, String.valueOf(value), names, purpose, locale);
    }

    private String item(String key, String value, Map<String, String> names, @Nullable String purpose,
            Locale locale) {
        String type = DETAIL_TYPES.get(key);
        int colon = value.indexOf(':');
        if (FIELD_PAIRS.contains(key) && colon > 0) {
            String field = value.substring(0, colon);
            String code = value.substring(colon + 1);
            String said = "reasons".equals(key) ? reason(code, purpose, locale) : code;
            return names.getOrDefault(AuditTargetNaming.key(type, field), spelled(field)) + ": " + said;
        }
        if (type != null) {
            String named = names.get(AuditTargetNaming.key(type, value));
            if (named != null) {
                return named;
            }
            if (!VALUE_WORDS.containsKey(key)) {
                // Not a field after all (monitoring's changed rules): the value's own words, if it has any.
                String known = message("audit.value." + key + "." + value, locale);
                return known != null ? known : value;
            }
        }
        String known = message(VALUE_WORDS.getOrDefault(key, "audit.value." + key + ".") + value, locale);
        return known != null ? known : value;
    }

    /** An access decision's reason in the words a refused person reads, with the event's purpose. */
    private String reason(String code, @Nullable String purpose, Locale locale) {
        try {
            return messages.getMessage("access.reason." + code, new Object[] {purpose == null ? "—" : purpose}, locale);
        } catch (NoSuchMessageException e) {
            return spelled(code);
        }
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
