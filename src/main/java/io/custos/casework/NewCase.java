package io.custos.casework;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A case as the customer or a member of staff states it. {@code text} is the customer's own words
 * (required for complaints, claims and explanations); a correction names the field and the value
 * wanted; a claim its amount in yuan. Staff give the date the letter, call or e-mail arrived.
 */
public record NewCase(@Nullable UUID customerId, @Nullable CaseType type, @Nullable CaseChannel channel,
        @Nullable LocalDate receivedOn, @Nullable String text, @Nullable String fieldKey, @Nullable String correction,
        @Nullable BigDecimal amount) {

    @Override
    public String toString() {
        // The words and the corrected value are the customer's: never in a log line or an exception.
        return "NewCase[customerId=" + customerId + ", type=" + type + ", channel=" + channel + "]";
    }
}
