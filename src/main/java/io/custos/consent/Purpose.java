package io.custos.consent;

import java.util.Locale;
import java.util.Set;

/** A purpose of processing and the fields it needs (the necessity rule). */
public record Purpose(String code, String labelZh, String labelEn, Set<String> fields) {

    public Purpose {
        fields = Set.copyOf(fields);
    }

    public String label(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? labelZh : labelEn;
    }
}
