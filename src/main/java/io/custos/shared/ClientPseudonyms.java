package io.custos.shared;

/**
 * A keyed hash (HMAC) of a client address or a name that a throttle keeps instead of the value: an
 * address is personal data. The key is the same on every node and after every restart, since the
 * nodes share the buckets; the {@code keys} module provides it.
 */
@FunctionalInterface
public interface ClientPseudonyms {

    /** Hex of the keyed hash of {@code value}; the same on every node. */
    String of(String value);
}
