package io.custos.whistleblowing;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the reporter reads with the code: the state of the report, the verdict once closed, and the
 * messages (their own and the answers, without the handlers' names). {@code handledByAuditors}: the
 * reporter said it concerns the administration department, so the auditors handle it, and a reward
 * is claimed from them, never from the administration department. {@code reward}: where the reward
 * for a verified report stands (proposed, approved by management, rejected, paid); null before.
 */
public record FollowUp(ReportStatus status, @Nullable Verdict verdict, LocalDate receivedOn, boolean handledByAuditors,
        @Nullable RewardOutcome reward, List<ReportMessage> messages) {

    public FollowUp {
        messages = List.copyOf(messages);
    }

    public boolean open() {
        return status == ReportStatus.OPEN;
    }
}
