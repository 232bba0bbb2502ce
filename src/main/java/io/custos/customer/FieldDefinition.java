package io.custos.customer;

import java.util.Locale;

import io.custos.shared.Sensitivity;

/** One field of the classification catalog. */
public record FieldDefinition(String key, Sensitivity sensitivity, FieldKind kind, boolean searchable, String labelZh,
        String labelEn, boolean builtin, int position) {

    public String label(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? labelZh : labelEn;
    }

    public boolean encrypted() {
        return sensitivity.encrypted();
    }

    /** Searchable encrypted fields are found by exact match (blind index), plain ones by prefix. */
    public boolean exactSearch() {
        return searchable && encrypted();
    }
}
