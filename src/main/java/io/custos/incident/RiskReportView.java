package io.custos.incident;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One risk report as a reader may see it: the reporter only for whoever decides on it and the
 * reporter themselves (never for an anonymous one), the words only for them too. One that
 * {@code concernsSecurity} is decided by the auditors and management, not by IT security.
 */
public record RiskReportView(UUID id, String reference, RiskCategory category, boolean anonymous,
        boolean concernsSecurity, @Nullable UUID reporterId, RiskStatus status, Instant reportedAt, @Nullable Instant triagedAt,
        @Nullable UUID triagedBy, @Nullable UUID incidentId, @Nullable String description, @Nullable String answer,
        int version) {

    public boolean open() {
        return status == RiskStatus.OPEN;
    }

    @Override
    public String toString() {
        return "RiskReportView[id=" + id + ", status=" + status + "]";
    }
}
