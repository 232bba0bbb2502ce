package io.custos.supervision;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A version of a checklist with its items in order; {@code inUse} when an inspection uses it (frozen). */
public record Checklist(UUID id, UUID familyId, int versionNo, String titleZh, String titleEn, List<ChecklistItem> items,
        boolean inUse) {

    public Checklist {
        items = List.copyOf(items);
    }

    public String title(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? titleZh : titleEn;
    }
}
