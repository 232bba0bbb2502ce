package io.custos.sharing;

import java.util.Objects;
import java.util.UUID;

/** A department or a partner organisation that receives customer information under a grant. */
public record Recipient(RecipientType type, UUID id) {

    public Recipient {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public boolean external() {
        return type == RecipientType.PARTNER;
    }
}
