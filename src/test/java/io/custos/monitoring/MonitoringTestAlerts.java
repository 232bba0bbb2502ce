package io.custos.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * Alerts for tests outside this package (the pages and the API): a person's audit events recorded,
 * sealed and evaluated as the scheduled evaluation would, which tests leave off.
 */
public final class MonitoringTestAlerts {

    private MonitoringTestAlerts() {
    }

    /** One person viewing {@code customers} distinct customers at once; the alerts about them. */
    public static List<UUID> bulkReading(ApplicationContext context, UUID personId, String username, int customers)
            throws InterruptedException {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        AuditLog audit = context.getBean(AuditLog.class);
        jdbc.sql("update monitoring_state set alerts_from = ?").param(Instant.EPOCH.atOffset(ZoneOffset.UTC)).update();
        Actor actor = new Actor(Actor.ActorType.EMPLOYEE, personId, username);
        context.getBean(TransactionTemplate.class).executeWithoutResult(s -> {
            for (int i = 0; i < customers; i++) {
                audit.record(AuditEvent.of(AuditCategory.DATA, "customer.record.viewed", AuditOutcome.ALLOWED)
                        .actor(actor).target("customer", UUID.randomUUID()).build());
            }
        });
        catchUp(context);
        return jdbc.sql("select id from monitoring_alert where subject_id = ? order by raised_at").param(personId)
                .query(UUID.class).list();
    }

    /** Waits for the audit sealer, then evaluates everything sealed. */
    public static void catchUp(ApplicationContext context) throws InterruptedException {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        for (int i = 0; i < 100; i++) {
            if (jdbc.sql("select count(*) from audit_event where seq is null").query(Integer.class).single() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        context.getBean(MonitoringEvaluator.class).catchUp();
    }
}
