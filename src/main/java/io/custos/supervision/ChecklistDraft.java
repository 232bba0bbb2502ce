package io.custos.supervision;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A checklist as an administration officer writes it: titles and items in order (a blank item is left out). */
public record ChecklistDraft(@Nullable String titleZh, @Nullable String titleEn, List<Item> items) {

    public ChecklistDraft {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public record Item(@Nullable String chapter, @Nullable String questionZh, @Nullable String questionEn,
            @Nullable String guidanceZh, @Nullable String guidanceEn, @Nullable EvidenceSource evidence) {

        boolean blank() {
            return isBlank(questionZh) && isBlank(questionEn) && isBlank(guidanceZh) && isBlank(guidanceEn);
        }

        private static boolean isBlank(@Nullable String s) {
            return s == null || s.isBlank();
        }

        @Override
        public String toString() {
            return "Item[chapter=" + chapter + ", evidence=" + evidence + "]";
        }
    }

    @Override
    public String toString() {
        return "ChecklistDraft[items=" + items.size() + "]";
    }
}
