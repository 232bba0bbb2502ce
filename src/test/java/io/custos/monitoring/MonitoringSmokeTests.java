package io.custos.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

@IntegrationTest
class MonitoringSmokeTests {

    @Autowired MonitoringEvaluator evaluator;
    @Autowired AuditLog audit;
    @Autowired TransactionTemplate transactions;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;

    @Test
    void bulkReadingRaisesOneAlert() throws Exception {
        jdbc.sql("update monitoring_state set alerts_from = ?").param(Instant.EPOCH.atOffset(java.time.ZoneOffset.UTC)).update();
        TestAccounts.Account reader = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        Actor actor = new Actor(Actor.ActorType.EMPLOYEE, reader.id(), reader.username());
        transactions.executeWithoutResult(s -> {
            for (int i = 0; i < 51; i++) {
                audit.record(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                        .actor(actor).target("customer", UUID.randomUUID()).build());
            }
        });
        awaitSealed();
        evaluator.catchUp();
        assertThat(jdbc.sql("select count(*) from monitoring_alert where subject_id = ? and rule_kind = 'BULK_READING'")
                .param(reader.id()).query(Integer.class).single()).isEqualTo(1);
        int raised = jdbc.sql("select count(*) from monitoring_alert where subject_id = ?").param(reader.id())
                .query(Integer.class).single();
        // A restart rebuilds the windows from the log and raises nothing it raised before.
        evaluator.forget();
        evaluator.catchUp();
        assertThat(jdbc.sql("select count(*) from monitoring_alert where subject_id = ?")
                .param(reader.id()).query(Integer.class).single()).isEqualTo(raised);
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
