package io.custos.incident.web;

import static io.custos.shared.web.FormValues.enumOf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.incident.DataCategory;
import io.custos.shared.DomainException;

/** Reading the incident pages' form fields. */
final class IncidentForms {

    private IncidentForms() {
    }

    static Set<DataCategory> categories(@Nullable List<String> values) {
        Set<DataCategory> set = EnumSet.noneOf(DataCategory.class);
        if (values != null) {
            values.forEach(v -> {
                DataCategory c = enumOf(DataCategory.class, v);
                if (c != null) {
                    set.add(c);
                }
            });
        }
        return set;
    }

    /**
     * The field a refusal is about, when the form shows that field ({@code ""} otherwise: the message then
     * goes above the form).
     */
    static String bad(@Nullable DomainException problem, Set<String> fields) {
        if (problem == null) {
            return "";
        }
        Object named = problem.properties().get("field");
        // The reason why no notification was required is typed into that form's text field.
        Object field = "reason".equals(named) ? "text" : named;
        return field != null && fields.contains(field.toString()) ? field.toString() : "";
    }

    /**
     * The message for a refusal: a missing text is named after the field it is missing from (one message per
     * field, {@code incident.required.<where>}); every other refusal keeps its own message.
     */
    static String problemKey(@Nullable DomainException problem, String where) {
        if (problem == null) {
            return "";
        }
        return "incident-text-required".equals(problem.code()) ? "incident.required." + where : problem.messageKey();
    }

    /** Customer ids, one per line or separated by commas or spaces (the ids shown on customer pages). */
    static List<UUID> ids(@Nullable String text) {
        List<UUID> ids = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ids;
        }
        for (String part : text.split("[\\s,;]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ids.add(UUID.fromString(part.strip()));
            } catch (IllegalArgumentException e) {
                throw DomainException.unprocessable("incident-customer-unknown", Map.of("field", "customers"));
            }
        }
        return ids;
    }
}
