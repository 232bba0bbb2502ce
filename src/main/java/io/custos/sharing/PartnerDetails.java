package io.custos.sharing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A partner as the administration officer, management and the auditors read it (issue 15.1). */
public record PartnerDetails(UUID id, String nameZh, String nameEn, PartnerType type, String country,
        List<PartnerContact> contacts, @Nullable String riskNotes, LocalDate reassessOn, @Nullable UUID managerId,
        boolean active, int version, Instant createdAt, Instant updatedAt) {

    public PartnerDetails {
        contacts = List.copyOf(contacts);
    }

    public PartnerSummary summary() {
        return new PartnerSummary(id, nameZh, nameEn, type, country, active);
    }
}
