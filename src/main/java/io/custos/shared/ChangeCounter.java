package io.custos.shared;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells a cache whether what it just read may be kept: {@link #changed()} moves the count when
 * data is changed and again when the changing transaction ends, and nothing read while a change
 * is uncommitted may be kept — the reader may have been that very transaction. A counter that
 * guards a Spring-managed copy ({@link ShortLivedCopies}) also tells the other nodes of each change,
 * and moves when they tell of theirs ({@link #changedElsewhere()}).
 */
public final class ChangeCounter {

    private final AtomicLong count = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Runnable> announcers = new CopyOnWriteArrayList<>();

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
        // In the changing transaction, so the other nodes hear of it on its commit only.
        announcers.forEach(Runnable::run);
    }

    /**
     * Another node committed a change: what was read before now is not kept, and a load in flight
     * is not kept either. Nothing is announced: the change was not made here.
     */
    void changedElsewhere() {
        count.incrementAndGet();
    }

    /** Runs {@code announcer} at every {@link #changed()}, where the change is made. */
    void announceWith(Runnable announcer) {
        announcers.add(announcer);
    }
}
