package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.support.IntegrationTest;
import io.custos.support.OtherNode;

/**
 * Issue 23 (R-X-3): the daily retention sweep (a cron job) runs once across the nodes. The node that
 * takes {@code custos-retention-sweep} sweeps; a node that finds it held, by a node sweeping now or
 * by one that swept in the same slot with a clock a little ahead, skips the run.
 */
@IntegrationTest
class RetentionSweepLockTests {

    static final String LOCK = "custos-retention-sweep";

    @Autowired RetentionSweeps sweeps;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void freeTheLock() {
        OtherNode.ranOut(jdbc, LOCK);
    }

    @Test
    void theDailySweepDoesNothingWhileAnotherNodeHoldsItsLock() {
        assertThat(AopUtils.isAopProxy(sweeps)).as("the scheduler calls the job through its proxy").isTrue();
        OtherNode.holds(jdbc, LOCK);
        long before = scheduledSweeps();

        sweeps.daily();

        assertThat(scheduledSweeps()).isEqualTo(before);
        assertThat(OtherNode.row(jdbc, LOCK)).get().extracting(OtherNode.Row::lockedBy).isEqualTo(OtherNode.LOCKED_BY);
    }

    @Test
    void aFreeLockLetsTheDailySweepRunOnceInItsSlot() {
        OtherNode.ranOut(jdbc, LOCK);
        long before = scheduledSweeps();

        sweeps.daily();
        assertThat(scheduledSweeps()).isEqualTo(before + 1);
        assertThat(OtherNode.row(jdbc, LOCK)).get().extracting(OtherNode.Row::lockedBy)
                .as("taken by this node").isNotEqualTo(OtherNode.LOCKED_BY);

        // A node whose clock is a little late fires in the same slot after the sweep ended: it is skipped.
        sweeps.daily();
        assertThat(scheduledSweeps()).isEqualTo(before + 1);
    }

    private long scheduledSweeps() {
        return jdbc.sql("select count(*) from retention_sweep where triggered_by is null").query(Long.class).single();
    }
}
