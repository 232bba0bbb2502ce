package io.custos.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A rectification's facts: which finding, whose, due when, where it stands. */
public record RectificationView(UUID id, UUID inspectionId, UUID itemId, UUID departmentId, UUID ownerId,
        UUID inspectorId, LocalDate dueOn, RectificationStatus status, @Nullable Instant escalatedAt, Instant openedAt,
        @Nullable Instant closedAt, int version, boolean overdue) {
}
