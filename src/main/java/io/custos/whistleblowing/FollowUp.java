package io.custos.whistleblowing;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the reporter reads with the code: the state of the report, the verdict once closed, and the
 * messages (their own and the answers, without the handlers' names).
 */
public record FollowUp(ReportStatus status, @Nullable Verdict verdict, LocalDate receivedOn,
        List<ReportMessage> messages) {

    public FollowUp {
        messages = List.copyOf(messages);
    }

    public boolean open() {
        return status == ReportStatus.OPEN;
    }
}
