package io.custos.sharing;

import java.util.Locale;
import java.util.UUID;

/** A partner organisation as other features name and choose it. */
public record PartnerSummary(UUID id, String nameZh, String nameEn, PartnerType type, String country,
        boolean active) {

    public String name(Locale locale) {
        return Locale.CHINESE.getLanguage().equals(locale.getLanguage()) ? nameZh : nameEn;
    }
}
