package io.custos.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A copy of rarely changed reference data that every request reads (the field catalog, the
 * purposes, the access policy; per key: the training gate's answers), held in a Caffeine cache that
 * drops it when it is {@link #REFRESH} old; a change made on this node applies at once. Another
 * node's change applies within a second through {@link ChangeNotices} (PostgreSQL), and within
 * {@link #REFRESH} should a notice be lost (docs/architecture.md). What {@link ChangeCounter} says
 * may not be kept is not: nothing read while a change is uncommitted. Spring-managed copies come
 * from {@link ShortLivedCopies}.
 */
public final class ShortLivedCopy<T> {

    public static final Duration REFRESH = Duration.ofSeconds(5);
    private static final String WHOLE = "whole";

    private final Supplier<T> loader;
    private final Keyed<String, T> copy;

    private record Copy<T>(T value, Instant loadedAt, long generation, @Nullable Instant until) {
    }

    /** A copy with a cache of its own, outside Spring (tests, tools). */
    public ShortLivedCopy(Supplier<T> loader, Clock clock) {
        this(loader, new CaffeineCache("short-lived-copy", Caffeine.newBuilder().expireAfterWrite(REFRESH)
                .maximumSize(1).ticker(ticker(clock)).build()), clock, new ChangeCounter());
    }

    ShortLivedCopy(Supplier<T> loader, Cache cache, Clock clock, ChangeCounter changes) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.copy = new Keyed<>(cache, clock, changes);
    }

    public T get() {
        return copy.get(WHOLE, key -> loader.get());
    }

    /** Call where the data is changed, inside the changing transaction if there is one. */
    public void changed() {
        copy.changed();
    }

    /** Caffeine's time, read from the injected clock, so a moved test clock expires entries too. */
    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /**
     * An answer, and the instant from which time alone may change it (a training pass that runs
     * out), if there is one: it is not used from that instant on.
     */
    public record Until<V>(V value, @Nullable Instant until) {
    }

    /**
     * Answers per key (the training gate's, per person) under the same rules: kept {@link #REFRESH}
     * by the cache, never kept when read while a change was uncommitted, never used after a later
     * change or when the clock has gone back before they were computed.
     */
    public static final class Keyed<K, V> {

        private final Cache cache;
        private final Clock clock;
        private final ChangeCounter changes;

        Keyed(Cache cache, Clock clock, ChangeCounter changes) {
            this.cache = Objects.requireNonNull(cache, "cache");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.changes = Objects.requireNonNull(changes, "changes");
        }

        public V get(K key, Function<K, V> compute) {
            return getUntil(key, k -> new Until<>(compute.apply(k), null));
        }

        /**
         * As {@link #get}, for answers that time alone changes: one is not used from the instant
         * {@code compute} gives with it, so it changes then on every node, not up to
         * {@link #REFRESH} later.
         */
        public V getUntil(K key, Function<K, Until<V>> compute) {
            Instant now = clock.instant();
            long seen = changes.current();
            @SuppressWarnings("unchecked")
            Copy<V> known = (Copy<V>) cache.get(key, Copy.class);
            if (known != null && known.generation() == seen && !now.isBefore(known.loadedAt())
                    && (known.until() == null || now.isBefore(known.until()))) {
                return known.value();
            }
            Until<V> computed = compute.apply(key);
            if (changes.unchangedSince(seen) && (computed.until() == null || now.isBefore(computed.until()))) {
                cache.put(key, new Copy<>(computed.value(), now, seen, computed.until()));
            }
            return computed.value();
        }

        /** Call where the data is changed, inside the changing transaction if there is one. */
        public void changed() {
            changes.changed();
            cache.clear();
        }
    }
}
