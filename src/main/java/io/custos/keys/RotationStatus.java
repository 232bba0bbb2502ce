package io.custos.keys;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the master key rotation stands: the primary key, how many live data keys and managed
 * keysets each master key wraps, and whether the background re-wrap still has work. Key ids are
 * Tink's 32-bit ids as the keyset file shows them (unsigned).
 *
 * @param rotatedAt when the primary key was made primary by a rotation; null for the first key
 * @param rewrapFinishedAt when nothing was left under older keys after that rotation
 */
public record RotationStatus(long primaryKeyId, List<KeyUsage> keys, boolean rewrapPending,
        @Nullable Instant rotatedAt, @Nullable Instant rewrapFinishedAt) {

    public RotationStatus {
        keys = List.copyOf(keys);
    }

    /**
     * @param masterKeyId null for managed keysets stored before key ids were recorded
     */
    public record KeyUsage(@Nullable Long masterKeyId, boolean primary, long dataKeys, long managedKeysets) {
    }
}
