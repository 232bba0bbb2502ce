package io.custos.sharing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An export package as the person asking may see it, with what they may do with it now. The
 * justification and the refusal reason are the requester's and the approver's own words.
 */
public record ExportPackageView(UUID id, UUID requesterId, String requesterName, @Nullable UUID grantId,
        String purpose, List<String> fields, List<String> filters, String justification, int customerCount,
        ExportPackageState state, Instant requestedAt, @Nullable Instant decidedAt, @Nullable String decidedByName,
        @Nullable String decisionReason, List<Download> downloads, List<Destruction> destructions, boolean mayDecide,
        boolean mayWithdraw, boolean mayDownload) {

    /** One download: who, when, how many rows, and whether its password was shown. */
    public record Download(UUID id, String downloadedBy, Instant downloadedAt, int rows, boolean passwordShown) {
    }

    /** A request to confirm that the copies downloaded under an ended grant are destroyed. */
    public record Destruction(UUID id, UUID personId, String person, Instant askedAt, Instant dueAt,
            @Nullable Instant confirmedAt, @Nullable Instant lapsedAt) {

        public boolean open() {
            return confirmedAt == null && lapsedAt == null;
        }
    }

    @Override
    public String toString() {
        return "ExportPackageView[id=" + id + ", state=" + state + "]";
    }
}
