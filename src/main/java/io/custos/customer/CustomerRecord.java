package io.custos.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A live {@code customer} row: who owns it, where it belongs, and the two business dates the
 * retention rules count from (issue 16, R-DEL-1); its values live in {@code customer_value}. A
 * destroyed customer is never read into one.
 */
record CustomerRecord(UUID id, UUID ownerId, @Nullable UUID departmentId, Instant createdAt, UUID createdBy,
        Instant updatedAt, long version, @Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
}
