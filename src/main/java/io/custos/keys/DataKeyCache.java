package io.custos.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.google.crypto.tink.Aead;

/**
 * Unwrapped data keys, least recently used first out, each for a short time only: another node's
 * destruction reaches this one within a second by its change notice ({@code data-key:<owner>}, see
 * {@link DataKeys}), else by the destruction poll within seconds ({@link DataKeyDestructionPoll}), by
 * expiry at the latest. A destruction on this node leaves a tombstone, so a
 * lookup that raced with it cannot put the key back.
 */
final class DataKeyCache {

    /** A cached key, or a tombstone ({@code aead} null) for a destroyed one. */
    record Cached(@Nullable Aead aead, Instant expires) {
        boolean destroyed() {
            return aead == null;
        }
    }

    private final Clock clock;
    private final Duration ttl;
    private final Map<UUID, Cached> entries;

    DataKeyCache(int maxEntries, Duration ttl, Clock clock) {
        this.clock = clock;
        this.ttl = ttl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized @Nullable Cached get(UUID ownerId) {
        Cached cached = entries.get(ownerId);
        if (cached != null && !clock.instant().isBefore(cached.expires())) {
            entries.remove(ownerId);
            return null;
        }
        return cached;
    }

    synchronized void put(UUID ownerId, Aead aead) {
        Cached present = get(ownerId);
        if (present == null || !present.destroyed()) {
            entries.put(ownerId, new Cached(aead, clock.instant().plus(ttl)));
        }
    }

    synchronized void destroyed(UUID ownerId) {
        entries.put(ownerId, new Cached(null, clock.instant().plus(ttl)));
    }

    /** A tombstone for an owner whose live key is cached; false when it is not (nothing to stop). */
    synchronized boolean destroyedIfCached(UUID ownerId) {
        Cached cached = entries.get(ownerId);
        if (cached == null || cached.destroyed()) {
            return false;
        }
        entries.put(ownerId, new Cached(null, clock.instant().plus(ttl)));
        return true;
    }

    /** Forgets every live key, keeping the tombstones: destructions may have been missed. */
    synchronized void dropLiveKeys() {
        entries.values().removeIf(cached -> !cached.destroyed());
    }

    synchronized void evict(UUID ownerId) {
        entries.remove(ownerId);
    }

    synchronized int size() {
        return entries.size();
    }
}
