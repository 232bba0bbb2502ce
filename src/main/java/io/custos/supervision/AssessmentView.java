package io.custos.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A security assessment, with the SBOM a dependency scan attached (null otherwise). */
public record AssessmentView(UUID id, AssessmentKind kind, String scope, LocalDate assessedOn, String assessor,
        @Nullable String summary, AssessmentStatus status, Instant createdAt, UUID createdBy,
        @Nullable Instant completedAt, @Nullable UUID completedBy, int version, @Nullable SbomSummary sbom) {

    @Override
    public String toString() {
        return "AssessmentView[id=" + id + ", kind=" + kind + ", status=" + status + "]";
    }
}
