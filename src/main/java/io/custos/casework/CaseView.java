package io.custos.casework;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A case as lists show it: ids, dates and codes, never what the customer wrote.
 *
 * @param workingDaysLeft working days from today to the due date (negative when overdue); for a
 *        paused case, as it stood when paused
 */
public record CaseView(UUID id, String reference, CaseType type, CaseChannel channel, UUID customerId,
        @Nullable UUID departmentId, @Nullable UUID assigneeId, CaseStatus status, LocalDate receivedOn,
        Instant receivedAt, @Nullable UUID enteredBy, @Nullable Verification verification, @Nullable Instant verifiedAt,
        int workingDays, int extensionDays, int pausedDays, @Nullable LocalDate pausedOn, LocalDate dueOn,
        int workingDaysLeft, Escalation escalation, @Nullable Long amountFen, @Nullable String fieldKey,
        @Nullable UUID legalHoldId, @Nullable UUID deletionRequestId, @Nullable CaseOutcome outcome,
        @Nullable Instant closedAt, int version) {

    public boolean open() {
        return status != CaseStatus.CLOSED;
    }

    public boolean overdue() {
        return status == CaseStatus.OPEN && workingDaysLeft < 0;
    }

    public boolean verified() {
        return verification != null;
    }
}
