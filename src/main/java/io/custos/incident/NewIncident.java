package io.custos.incident;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What IT security enters to open an incident; the summary is free text (encrypted at rest). */
public record NewIncident(@Nullable Severity severity, Set<DataCategory> categories, @Nullable Instant detectedAt,
        @Nullable String summary, List<UUID> customers, @Nullable UUID riskReportId) {

    public NewIncident {
        categories = Set.copyOf(categories);
        customers = List.copyOf(customers);
    }

    @Override
    public String toString() {
        return "NewIncident[severity=" + severity + ", customers=" + customers.size() + "]";
    }
}
