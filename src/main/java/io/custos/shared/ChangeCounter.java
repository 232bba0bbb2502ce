package io.custos.shared;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells a cache whether what it just read may be kept: {@link #changed()} moves the count when
 * data is changed and again when the changing transaction ends, and nothing read while a change
 * is uncommitted may be kept — the reader may have been that very transaction.
 */
public final class ChangeCounter {

    private final AtomicLong count = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Read before loading; compare with {@link #unchangedSince} after. */
    public long current() {
        return count.get();
    }

    /** Whether data loaded after {@link #current()} returned {@code seen} may be kept. */
    public boolean unchangedSince(long seen) {
        return count.get() == seen && inFlight.get() == 0;
    }

    /** Call where the data is changed, inside the changing transaction if there is one. */
    public void changed() {
        count.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            inFlight.incrementAndGet();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    count.incrementAndGet();
                    inFlight.decrementAndGet();
                }
            });
        }
    }
}
