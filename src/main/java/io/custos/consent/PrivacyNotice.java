package io.custos.consent;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** One version of the privacy notice, with the purposes and data categories (field keys) it covers. */
public record PrivacyNotice(int version, NoticeStatus status, String titleZh, String titleEn, String bodyZh,
        String bodyEn, Set<String> purposes, Set<String> categories, Instant draftedAt,
        @Nullable Instant publishedAt) {

    public PrivacyNotice {
        purposes = Set.copyOf(purposes);
        categories = Set.copyOf(categories);
    }

    public String title(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? titleZh : titleEn;
    }

    public String body(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? bodyZh : bodyEn;
    }
}
