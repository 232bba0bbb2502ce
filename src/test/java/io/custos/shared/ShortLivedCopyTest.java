package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Caffeine;

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

    /** Issue 23: a training pass that runs out changes the answer at its instant, not a refresh later. */
    @Test
    void anAnswerThatTimeAloneChangesIsNotUsedFromThatInstant() {
        ShortLivedCopy.Keyed<String, Integer> answers = new ShortLivedCopy.Keyed<>(
                new CaffeineCache("answers", Caffeine.newBuilder().build()), clock, new ChangeCounter());
        Instant runsOut = clock.instant().plusSeconds(2);
        AtomicInteger computed = new AtomicInteger();
        answers.getUntil("someone", key -> new ShortLivedCopy.Until<>(computed.incrementAndGet(), runsOut));
        clock.advance(Duration.ofMillis(1_999));
        assertThat(answers.getUntil("someone", key -> new ShortLivedCopy.Until<>(computed.incrementAndGet(), runsOut)))
                .isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(answers.getUntil("someone", key -> new ShortLivedCopy.Until<>(computed.incrementAndGet(), null)))
                .as("computed again at the instant").isEqualTo(2);
        assertThat(answers.get("someone", key -> computed.incrementAndGet())).isEqualTo(2);
    }

    /** Issue 23: another node's notice during a load: what the load read is not kept. */
    @Test
    void aLoadDuringWhichAnotherNodeChangedTheDataIsNotKept() {
        ChangeCounter changes = new ChangeCounter();
        ShortLivedCopy.Keyed<String, Integer> answers = new ShortLivedCopy.Keyed<>(
                new CaffeineCache("answers", Caffeine.newBuilder().build()), clock, changes);
        AtomicInteger computed = new AtomicInteger();
        assertThat(answers.get("whole", key -> {
            changes.changedElsewhere(); // the notice arrives on the listening thread meanwhile
            return computed.incrementAndGet();
        })).isEqualTo(1);
        assertThat(answers.get("whole", key -> computed.incrementAndGet())).as("loaded again").isEqualTo(2);
        assertThat(answers.get("whole", key -> computed.incrementAndGet())).as("and kept").isEqualTo(2);
    }

    @Test
    void aChangeIsAnnouncedWhereItIsMadeAndAnotherNodesIsNot() {
        ChangeCounter changes = new ChangeCounter();
        AtomicInteger announced = new AtomicInteger();
        changes.announceWith(announced::incrementAndGet);
        TransactionSynchronizationManager.initSynchronization();
        changes.changed();
        assertThat(announced).as("in the changing transaction, before its commit").hasValue(1);
        TransactionSynchronizationManager.clearSynchronization();
        changes.changedElsewhere();
        assertThat(announced).hasValue(1);
    }
}
