package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.custos.support.MutableClock;

/** The copy of reference data that every request reads: fresh within its refresh, never stale after a change here. */
class ShortLivedCopyTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
    final AtomicInteger source = new AtomicInteger(1);
    final AtomicInteger loads = new AtomicInteger();
    final ShortLivedCopy<Integer> copy = new ShortLivedCopy<>(() -> {
        loads.incrementAndGet();
        return source.get();
    }, clock);

    @AfterEach
    void noTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void answersFromTheCopyUntilTheRefreshIsDueOrTheClockGoesBack() {
        assertThat(copy.get()).isEqualTo(1);
        source.set(2); // another node's change
        assertThat(copy.get()).isEqualTo(1);
        clock.advance(ShortLivedCopy.REFRESH.minusMillis(1));
        assertThat(copy.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(copy.get()).isEqualTo(2);
        assertThat(loads).hasValue(2);
        source.set(3);
        clock.advance(Duration.ofDays(-1));
        assertThat(copy.get()).isEqualTo(3);
    }

    @Test
    void aChangeHereAppliesAtOnceAndNothingReadBeforeItsCommitIsKept() {
        assertThat(copy.get()).isEqualTo(1);
        TransactionSynchronizationManager.initSynchronization();
        source.set(2);
        copy.changed();
        assertThat(copy.get()).as("the changing transaction reads its own change").isEqualTo(2);
        source.set(1); // the transaction rolls back
        int before = loads.get();
        assertThat(copy.get()).as("nothing read during the change was kept").isEqualTo(1);
        assertThat(loads.get()).isEqualTo(before + 1);
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            synchronization.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
        }
        TransactionSynchronizationManager.clearSynchronization();
        assertThat(copy.get()).isEqualTo(1);
        before = loads.get();
        assertThat(copy.get()).as("kept again once the change is over").isEqualTo(1);
        assertThat(loads.get()).isEqualTo(before);
    }
}
