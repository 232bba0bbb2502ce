package io.custos.casework;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A case with its words and timeline, for someone who may read them: what the customer wrote, the
 * corrected value asked for, and the reply in both languages.
 */
public record CaseDetail(CaseView view, @Nullable String text, @Nullable String correction, @Nullable String replyZh,
        @Nullable String replyEn, List<CaseEntry> entries) {

    public CaseDetail {
        entries = List.copyOf(entries);
    }
}
