package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OtherNode;

/**
 * Issue 23 (R-X-3): the hourly compliance snapshot (a fixed-delay job) is taken by one node at a time.
 * While another node holds {@code custos-compliance-snapshot} this node's run records nothing; with
 * the lock free it records the day's readings.
 */
@IntegrationTest
class SnapshotLockTests {

    static final String LOCK = "custos-compliance-snapshot";

    @Autowired Snapshots snapshots;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void freeTheLock() {
        OtherNode.ranOut(jdbc, LOCK);
    }

    @Test
    void theSnapshotIsNotTakenWhileAnotherNodeHoldsItsLock() {
        assertThat(AopUtils.isAopProxy(snapshots)).as("the scheduler calls the job through its proxy").isTrue();
        OtherNode.holds(jdbc, LOCK);
        Instant now = aMomentOfItsOwn();

        snapshots.scheduled();

        assertThat(takenAt(now)).isZero();
    }

    @Test
    void aFreeLockLetsTheSnapshotBeTaken() {
        OtherNode.ranOut(jdbc, LOCK);
        Instant now = aMomentOfItsOwn();

        snapshots.scheduled();

        assertThat(takenAt(now)).isEqualTo(Indicator.values().length);
        assertThat(OtherNode.row(jdbc, LOCK)).get().extracting(OtherNode.Row::lockedBy)
                .as("taken by this node").isNotEqualTo(OtherNode.LOCKED_BY);
    }

    /** A whole second no other run used, so the rows a run records then are told apart. */
    private Instant aMomentOfItsOwn() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(7);
        clock.set(now);
        return now;
    }

    private long takenAt(Instant at) {
        return jdbc.sql("select count(*) from compliance_snapshot where taken_at = ?").param(at.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }
}
