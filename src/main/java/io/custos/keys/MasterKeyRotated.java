package io.custos.keys;

/** A new master key became primary; the re-wrap of data keys and managed keysets under it has begun. */
public record MasterKeyRotated(int newPrimaryKeyId) {
}
