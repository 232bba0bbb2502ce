package io.custos.keys;

/**
 * A new master key became primary; the re-wrap of data keys and managed keysets under it has begun.
 * The id is Tink's 32-bit key id ({@code Integer.toUnsignedLong} gives the number the keyset file shows).
 */
public record MasterKeyRotated(int newPrimaryKeyId) {
}
