package io.custos.retention;

import static io.custos.retention.RetentionFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.OtherNode;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 23 (R-X-3), several nodes on one database: a destruction batch is executed by one node at a
 * time. Its run holds the lock {@code custos-destruction-<batch id>}; a node that finds the lock held
 * leaves the batch alone, and takes it over once the lock ran out (its node died).
 */
@IntegrationTest
class DestructionLockTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;
    @Autowired ConfigurableApplicationContext context;
    @Autowired DestructionExecutor executor;

    @Test
    void aBatchAnotherNodeIsExecutingIsLeftToItByRunAndResume() throws Exception {
        UUID batch = executingBatch(3);
        String lock = DestructionExecutor.lockName(batch);
        OtherNode.holds(jdbc, lock);
        try {
            executor.run(batch);

            assertThat(destroyed(batch)).as("nothing destroyed while the other node holds the batch").isZero();
            assertThat(status(batch)).isEqualTo("EXECUTING");
            assertThat(OtherNode.row(jdbc, lock)).get().extracting(OtherNode.Row::lockedBy)
                    .isEqualTo(OtherNode.LOCKED_BY);
        } finally {
            OtherNode.ranOut(jdbc, lock);
        }
        // Its lock ran out (the node died): the next run takes the batch over and finishes it.
        executor.run(batch);
        awaitDone(batch);
        assertThat(destroyed(batch)).isEqualTo(3);
    }

    @Test
    void aResumeTakesOverABatchWhoseNodeDiedAndFinishesItOnce() throws Exception {
        UUID batch = executingBatch(3);
        String lock = DestructionExecutor.lockName(batch);
        // The other node committed one chunk, then died: its lock row stays until its lease ran out.
        executor.run(batch, 1, 2);
        assertThat(destroyed(batch)).isEqualTo(2);
        OtherNode.ranOut(jdbc, lock);

        executor.resume();
        awaitDone(batch);
        assertThat(destroyed(batch)).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.batch.executed' "
                + "and target_id = ?").param(batch.toString()).query(Long.class).single()).isEqualTo(1);
        assertThat(OtherNode.row(jdbc, lock)).as("a finished batch leaves no lock row behind").isEmpty();
    }

    @Test
    void whileABatchRunsItsLockIsHeldByThisNodeAndNoOtherNodeCanTakeIt() throws Exception {
        UUID batch = executingBatch(2);
        String lock = DestructionExecutor.lockName(batch);
        CompletableFuture<Optional<OtherNode.Row>> rowMeanwhile = new CompletableFuture<>();
        CompletableFuture<Boolean> otherNodeGotIt = new CompletableFuture<>();
        // Called on the executor's thread as the batch finishes, its last chunk still open.
        ApplicationListener<ApplicationEvent> meanwhile = event -> {
            if (!(event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof DestructionBatchClosed closed && closed.batchId().equals(batch))) {
                return;
            }
            rowMeanwhile.complete(OtherNode.row(jdbc, lock));
            Optional<SimpleLock> taken = OtherNode.locks(dataSource).lock(new LockConfiguration(
                    java.time.Instant.now(), lock, Duration.ofMinutes(1), Duration.ZERO));
            taken.ifPresent(SimpleLock::unlock);
            otherNodeGotIt.complete(taken.isPresent());
        };
        context.addApplicationListener(meanwhile);
        try {
            executor.run(batch);
            awaitDone(batch);
        } finally {
            context.removeApplicationListener(meanwhile);
        }

        assertThat(rowMeanwhile.get(10, TimeUnit.SECONDS)).get().extracting(OtherNode.Row::lockedBy)
                .as("held by this node").isNotEqualTo(OtherNode.LOCKED_BY);
        assertThat(otherNodeGotIt.get(10, TimeUnit.SECONDS)).as("another node's try while the batch runs").isFalse();
        assertThat(OtherNode.row(jdbc, lock)).isEmpty();
    }

    // --- helpers -----------------------------------------------------------------------------

    /** A batch of {@code size} customers, approved, whose execution started (as if its node then died). */
    private UUID executingBatch(int size) throws Exception {
        UUID department = accounts.department("L" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        TestAccounts.Account head = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        String ownerToken = Api.token(mvc, owner, clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        String marker = "Lock " + UUID.randomUUID().toString().substring(0, 6);
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            UUID customer = RetentionFixture.customer(mvc, ownerToken, marker + " " + i);
            RetentionFixture.dates(jdbc, customer, today.minusYears(4), today.minusYears(4));
            customers.add(customer);
        }
        String id = (String) Api.body(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", customers, "reason", "Past the retention period."))).get("id");
        call(mvc, post("/api/v1/destructions/" + id + "/approvals"), Api.token(mvc, head, clock.instant()),
                Map.of("decision", "APPROVE"));
        call(mvc, post("/api/v1/destructions/" + id + "/approvals"), Api.token(mvc, admin, clock.instant()),
                Map.of("decision", "APPROVE"));
        UUID batch = UUID.fromString(id);
        jdbc.sql("update destruction_batch set status = 'EXECUTING', executed_by = ?, execution_started_at = "
                + "current_timestamp where id = ?").params(admin.id(), batch).update();
        return batch;
    }

    /** The periodic resume may have picked the batch up first; either way it ends DONE. */
    private void awaitDone(UUID batch) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(status(batch)));
    }

    private long destroyed(UUID batch) {
        return jdbc.sql("select count(*) from destruction_item where batch_id = ? and outcome = 'DESTROYED'")
                .param(batch).query(Long.class).single();
    }

    private String status(UUID batch) {
        return jdbc.sql("select status from destruction_batch where id = ?").param(batch).query(String.class).single();
    }
}
