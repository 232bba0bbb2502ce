package io.custos.supervision;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One question of a checklist, under a chapter of the policy (I..V for §一..§五); {@code position} is its
 * number in the checklist read chapter by chapter.
 */
public record ChecklistItem(UUID id, int position, String chapter, String questionZh, String questionEn,
        String guidanceZh, String guidanceEn, @Nullable EvidenceSource evidence) {

    public String question(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? questionZh : questionEn;
    }

    public String guidance(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? guidanceZh : guidanceEn;
    }
}
