package io.custos.discipline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A proposal of a reward or a penalty, with its evidence and, once decided, the decision.
 *
 * @param employeeId the person it concerns; null for the anonymous whistleblower
 * @param employeeName that person's display name
 * @param amount yuan, for fines, compensation and rewards
 * @param reason what the proposer wrote; null for a proposal the system made (see {@code automatic})
 * @param proposedBy the proposer's display name (empty for a former employee); null when the system proposed it
 * @param auditorsOnly its evidence is a report the auditors handle: shown to management and the auditors only
 * @param paidAt when an approved reward for the anonymous whistleblower was paid (the reporter showed the code)
 */
public record Proposal(UUID id, ProposalKind kind, @Nullable UUID employeeId, @Nullable String employeeName,
        boolean anonymousReporter, @Nullable BigDecimal amount, @Nullable String reason, EvidenceKind evidenceKind,
        String evidenceId, @Nullable String evidenceReference, ProposalStatus status, @Nullable UUID proposerId,
        @Nullable String proposedBy, Instant proposedAt, boolean automatic, @Nullable UUID deciderId,
        @Nullable String decidedBy, @Nullable Instant decidedAt, @Nullable String note, boolean auditorsOnly,
        @Nullable Instant paidAt, @Nullable String paidBy) {

    public boolean pending() {
        return status == ProposalStatus.PROPOSED;
    }

    /** An approved reward for the anonymous whistleblower not yet paid. */
    public boolean awaitingPayment() {
        return anonymousReporter && status == ProposalStatus.APPROVED && paidAt == null;
    }

    /** The same proposal without the words (reason, note): for lists. */
    Proposal withoutWords() {
        return new Proposal(id, kind, employeeId, employeeName, anonymousReporter, amount, null, evidenceKind,
                evidenceId, evidenceReference, status, proposerId, proposedBy, proposedAt, automatic, deciderId,
                decidedBy, decidedAt, null, auditorsOnly, paidAt, paidBy);
    }

    @Override
    public String toString() {
        return "Proposal[" + id + ", " + kind + ", " + status + "]";
    }
}
