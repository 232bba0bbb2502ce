package io.custos.sharing;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What the administration officer enters for a new or changed partner. */
public record PartnerForm(String nameZh, String nameEn, @Nullable PartnerType type, String country,
        List<PartnerContact> contacts, @Nullable String riskNotes, @Nullable LocalDate reassessOn,
        @Nullable UUID managerId, boolean active) {

    public PartnerForm {
        contacts = List.copyOf(contacts);
    }
}
