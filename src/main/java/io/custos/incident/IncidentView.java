package io.custos.incident;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An incident's dates and codes, with its clocks as of the moment it was read. */
public record IncidentView(UUID id, String reference, Severity severity, IncidentStatus status,
        Set<DataCategory> categories, Instant detectedAt, Instant openedAt, UUID openedBy, @Nullable UUID riskReportId,
        int affectedCount, @Nullable Instant closedAt, @Nullable UUID closedBy, List<IncidentClock> clocks,
        int version) {

    public boolean open() {
        return status == IncidentStatus.OPEN;
    }

    public boolean overdue() {
        return clocks.stream().anyMatch(IncidentClock::overdue);
    }

    public List<IncidentClock> running() {
        return clocks.stream().filter(IncidentClock::running).toList();
    }
}
