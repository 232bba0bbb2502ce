package io.custos.access;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** The customer record a decision is about: who owns it and which department it belongs to. */
public record Subject(UUID customerId, UUID ownerId, @Nullable UUID departmentId) {
}
