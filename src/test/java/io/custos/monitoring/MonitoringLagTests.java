package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Monitoring that stopped must not look like a quiet day (issue 21.3): a sealed event left
 * unevaluated for longer than the allowed lag turns the node's health DOWN; evaluating clears it. A
 * node that does not evaluate reports nothing.
 */
@IntegrationTest
class MonitoringLagTests {

    @Autowired MonitoringEvaluator evaluator;
    @Autowired AuditLog audit;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;
    @Autowired MonitoringLag notEvaluatingHere;

    @Test
    void anEventLeftUnevaluatedPastTheLagTurnsHealthDownUntilEvaluated() throws Exception {
        MonitoringLag lag = new MonitoringLag(jdbc, new MonitoringProperties(true, Duration.ofSeconds(1), 5000,
                Duration.ofSeconds(15), Duration.ofDays(30), 30, 2_000_000, Duration.ofMinutes(2), "custos@localhost",
                "http://localhost:8080"), clock);
        evaluator.catchUp();
        assertThat(lag.health().getStatus()).isEqualTo(Status.UP);

        TestAccounts.Account person = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        transactions.executeWithoutResult(s -> audit.record(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed",
                AuditOutcome.ALLOWED).actor(new Actor(Actor.ActorType.EMPLOYEE, person.id(), person.username()))
                .target("customer", UUID.randomUUID()).build()));
        awaitSealed();
        assertThat(lag.oldestWaiting()).isPresent();
        assertThat(lag.health().getStatus()).as("within the lag").isEqualTo(Status.UP);
        clock.set(clock.instant().plus(Duration.ofMinutes(3)));
        assertThat(lag.health().getStatus()).isEqualTo(Status.DOWN);

        evaluator.catchUp();
        assertThat(lag.oldestWaiting()).isEmpty();
        assertThat(lag.health().getStatus()).isEqualTo(Status.UP);
        assertThat(notEvaluatingHere.health().getStatus()).as("tests leave the evaluation off").isEqualTo(Status.UNKNOWN);
    }

    private void awaitSealed() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (jdbc.sql("select count(*) from audit_event where seq is null").query(Integer.class).single() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
