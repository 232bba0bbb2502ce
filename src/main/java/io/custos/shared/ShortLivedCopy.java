package io.custos.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A copy of rarely changed reference data that every request reads (the field catalog, the
 * purposes): loaded again when it is {@link #REFRESH} old, and at once after a change made on this
 * node. Another node's change therefore applies within {@link #REFRESH} — the same window as the
 * access policy (docs/architecture.md). What {@link ChangeCounter} says may not be kept is not.
 */
public final class ShortLivedCopy<T> {

    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final Supplier<T> loader;
    private final Clock clock;
    private final ChangeCounter changes = new ChangeCounter();
    private volatile @Nullable Copy<T> copy;

    private record Copy<T>(T value, Instant loadedAt, long generation) {
    }

    public ShortLivedCopy(Supplier<T> loader, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public T get() {
        Instant now = clock.instant();
        long seen = changes.current();
        Copy<T> current = copy;
        if (current != null && current.generation() == seen && !now.isBefore(current.loadedAt())
                && now.isBefore(current.loadedAt().plus(REFRESH))) {
            return current.value();
        }
        T value = loader.get();
        if (changes.unchangedSince(seen)) {
            copy = new Copy<>(value, now, seen);
        }
        return value;
    }

    /** Call where the data is changed, inside the changing transaction if there is one. */
    public void changed() {
        changes.changed();
    }
}
