package io.custos.training;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One version of a policy document or of the agreement, with who did what to it and when. */
public record VersionView(UUID id, UUID documentId, DocumentKind kind, int number, VersionState state,
        DocumentContent content, @Nullable UUID draftedBy, Instant draftedAt, Instant updatedAt,
        @Nullable UUID submittedBy, @Nullable Instant submittedAt, @Nullable UUID decidedBy,
        @Nullable Instant decidedAt, @Nullable Instant publishedAt) {

    public String title(Locale locale) {
        return content.title(locale);
    }
}
