package io.custos.incident;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An incident with its timeline and affected customers (ids). The summary and the entries' words are
 * there for those who read them ({@code words}); for the auditor they are null.
 */
public record IncidentDetail(IncidentView view, boolean words, @Nullable String summary, List<UUID> customers,
        List<IncidentEntry> entries) {

    @Override
    public String toString() {
        return "IncidentDetail[" + view.id() + "]";
    }
}
