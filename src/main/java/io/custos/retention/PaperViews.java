package io.custos.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What the paper register shows: records, their check-outs, destruction orders and their photos. */
public final class PaperViews {

    private PaperViews() {
    }

    /** A record as listed. */
    public record Summary(UUID id, PaperType type, String title, String location, UUID custodianId,
            String custodianName, UUID departmentId, PaperStatus status, int customers, Instant registeredAt,
            @Nullable LocalDate expectedReturnOn, boolean overdue, @Nullable UUID openDestructionId) {
    }

    /** A record with its history. */
    public record Record(UUID id, PaperType type, String title, @Nullable String description, String location,
            UUID custodianId, String custodianName, UUID departmentId, PaperStatus status, UUID registeredBy,
            String registeredByName, Instant registeredAt, @Nullable Instant destroyedAt, List<UUID> customerIds,
            @Nullable Checkout checkout, List<Checkout> checkouts, List<DestructionSummary> destructions,
            Actions actions) {
    }

    public record Checkout(UUID id, UUID holderId, String holderName, String purpose, UUID checkedOutBy,
            String checkedOutByName, Instant checkedOutAt, LocalDate expectedReturnOn, @Nullable UUID returnedBy,
            @Nullable String returnedByName, @Nullable Instant returnedAt, boolean overdue) {
    }

    public record DestructionSummary(UUID id, String number, PaperDestructionStatus status, PaperMethod method,
            LocalDate plannedOn, Instant orderedAt, @Nullable Instant executedAt, int records) {
    }

    /** A destruction order with everything about it. */
    public record Destruction(UUID id, String number, UUID departmentId, PaperDestructionStatus status,
            PaperMethod method, @Nullable String contractor, UUID witnessId, String witnessName, LocalDate plannedOn,
            String reason, UUID orderedBy, String orderedByName, Instant orderedAt, @Nullable UUID headApprovedBy,
            @Nullable String headApprovedByName, @Nullable Instant headApprovedAt, @Nullable UUID adminApprovedBy,
            @Nullable String adminApprovedByName, @Nullable Instant adminApprovedAt, @Nullable UUID closedBy,
            @Nullable String closedByName, @Nullable Instant closedAt, @Nullable String closeReason,
            @Nullable UUID executedBy, @Nullable String executedByName, @Nullable Instant executedAt,
            @Nullable String digest, List<RecordRef> records, List<Photo> photos,
            @Nullable String certificateCode, Actions actions) {
    }

    public record RecordRef(UUID id, PaperType type, String title) {
    }

    public record Photo(UUID id, String mediaType, long sizeBytes, String sha256, Instant addedAt) {
    }

    /** What the person asking may do now (the pages show only these buttons; the services check again). */
    public record Actions(boolean checkOut, boolean giveBack, boolean order, boolean approve, boolean reject,
            boolean cancel, boolean execute, boolean certificate) {

        static final Actions NONE = new Actions(false, false, false, false, false, false, false, false);
    }

    /** Filters of the register's list. */
    public record Filter(@Nullable PaperType type, @Nullable PaperStatus status, @Nullable UUID departmentId,
            @Nullable String text, boolean overdueOnly) {
    }
}
