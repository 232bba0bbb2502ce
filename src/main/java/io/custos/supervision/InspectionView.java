package io.custos.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An inspection's facts: whom, which quarter, who inspects, where it stands. */
public record InspectionView(UUID id, UUID checklistId, UUID departmentId, String period, LocalDate periodStart,
        LocalDate periodEnd, UUID inspectorId, UUID plannedBy, Instant plannedAt, InspectionStatus status,
        @Nullable Instant startedAt, @Nullable Instant completedAt, int version) {

    /** The quarter as year and number, for showing it in the reader's words (2026年第三季度, 2026-Q3). */
    public Quarter quarter() {
        return Quarter.parse(period);
    }

    public boolean completed() {
        return status == InspectionStatus.COMPLETED;
    }
}
