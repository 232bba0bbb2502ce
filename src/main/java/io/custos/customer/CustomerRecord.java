package io.custos.customer;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A {@code customer} row: who owns it and where it belongs; its values live in {@code customer_value}. */
record CustomerRecord(UUID id, UUID ownerId, @Nullable UUID departmentId, Instant createdAt, UUID createdBy,
        Instant updatedAt, long version) {
}
