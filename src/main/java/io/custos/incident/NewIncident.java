package io.custos.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.shared.DomainException;

/** What IT security enters to open an incident; the summary is free text (encrypted at rest). */
public record NewIncident(@Nullable Severity severity, Set<DataCategory> categories, @Nullable Instant detectedAt,
        @Nullable String summary, List<UUID> customers, @Nullable UUID riskReportId) {

    /** @throws DomainException 422 when a list holds an empty element (an API body's {@code [null]}) */
    public NewIncident {
        if (categories.stream().anyMatch(Objects::isNull)) {
            throw DomainException.unprocessable("incident-category-invalid", Map.of("field", "categories"));
        }
        if (customers.stream().anyMatch(Objects::isNull)) {
            throw DomainException.unprocessable("incident-customer-unknown", Map.of("field", "customers"));
        }
        categories = Set.copyOf(categories);
        customers = List.copyOf(customers);
    }

    @Override
    public String toString() {
        return "NewIncident[severity=" + severity + ", customers=" + customers.size() + "]";
    }
}
