package io.custos.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A copy of rarely changed reference data that every request reads (the field catalog, the
 * purposes): loaded again when it is {@link #REFRESH} old, and at once after a change made on this
 * node. Another node's change therefore applies within {@link #REFRESH} — the same window as the
 * access policy (docs/architecture.md).
 * <p>
 * A change marks the copy stale when it is made and again when its transaction ends, and a copy
 * loaded while a change was in flight is not kept: no reader can pin the old rows behind the new,
 * nor show other requests rows that are not committed yet.
 */
public final class ShortLivedCopy<T> {

    public static final Duration REFRESH = Duration.ofSeconds(5);

    private final Supplier<T> loader;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger changesInFlight = new AtomicInteger();
    private volatile @Nullable Copy<T> copy;

    private record Copy<T>(T value, Instant loadedAt, long generation) {
    }

    public ShortLivedCopy(Supplier<T> loader, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public T get() {
        Instant now = clock.instant();
        long seen = generation.get();
        Copy<T> current = copy;
        if (current != null && current.generation() == seen && !now.isBefore(current.loadedAt())
                && now.isBefore(current.loadedAt().plus(REFRESH))) {
            return current.value();
        }
        T value = loader.get();
        // Not kept while a change is uncommitted: the loader may have read it in its own transaction.
        if (generation.get() == seen && changesInFlight.get() == 0) {
            copy = new Copy<>(value, now, seen);
        }
        return value;
    }

    /** Call where the data is changed, inside the changing transaction if there is one. */
    public void changed() {
        generation.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            changesInFlight.incrementAndGet();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                    changesInFlight.decrementAndGet();
                }
            });
        }
    }
}
