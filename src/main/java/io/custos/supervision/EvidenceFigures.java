package io.custos.supervision;

import org.jspecify.annotations.Nullable;

/** The figures of one evidence source as computed (or as the inspector saw them). */
public record EvidenceFigures(EvidenceSource source, long main, @Nullable Long extra) {
}
