package io.custos.sharing;

import org.jspecify.annotations.Nullable;

/** A person at the partner the company deals with: company contact data, not customer data. */
public record PartnerContact(String name, @Nullable String phone, @Nullable String email) {
}
