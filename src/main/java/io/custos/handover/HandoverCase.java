package io.custos.handover;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One handover as the pages and the API show it.
 *
 * @param departmentId the department the person leaves: its head settles the case
 * @param effectiveOn the leaving date (departure) or the day of the move (transfer)
 * @param accessEndedAt when the person's access to the department ended (departed or moved)
 * @param undertakingMethod {@code ONLINE} (the person confirmed it here) or {@code PAPER} (the head recorded a signed form)
 * @param openItems items not settled yet
 */
public record HandoverCase(UUID id, UUID employeeId, String employeeUsername, String employeeName,
        HandoverKind kind, UUID departmentId, @Nullable UUID toDepartmentId, LocalDate effectiveOn,
        HandoverStatus status, Instant openedAt, @Nullable Instant accessEndedAt, @Nullable Instant undertakingAt,
        @Nullable String undertakingMethod, @Nullable Instant signedOffAt, @Nullable UUID signedOffBy, int version,
        int items, int openItems) {

    public boolean open() {
        return status == HandoverStatus.OPEN;
    }

    public boolean undertakingGiven() {
        return undertakingAt != null;
    }

    /** Every item settled and the undertaking given: the head may sign off. */
    public boolean readyToSignOff() {
        return open() && openItems == 0 && undertakingGiven();
    }
}
