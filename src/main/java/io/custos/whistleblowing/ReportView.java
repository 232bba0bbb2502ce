package io.custos.whistleblowing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.identity.Role;

/**
 * A report as its handlers see it: who handles it ({@link Role#ADMIN_OFFICER} or {@link Role#AUDITOR}),
 * whether the reporter said it concerns the administration department's own staff, its state and,
 * in the detail, its messages. Nothing about the reporter: there is nothing.
 */
public record ReportView(UUID id, Role handler, boolean concernsAdministration, ReportStatus status,
        @Nullable Verdict verdict, LocalDate receivedOn, @Nullable Instant closedAt, int messageCount,
        List<ReportMessage> messages) {

    public ReportView {
        messages = List.copyOf(messages);
    }

    public boolean open() {
        return status == ReportStatus.OPEN;
    }
}
