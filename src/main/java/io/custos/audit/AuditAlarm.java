package io.custos.audit;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.shared.Actor;

/**
 * What this node knows to be wrong with the audit log (issue 13.10). Raising a reason records a
 * security event and publishes {@link AuditAlarmRaised} once (the security administrators are mailed
 * where mail is configured); while any reason stands, health reports the audit component down and
 * the security administrators and auditors see a task on their home page. A verification run by a
 * person that finds the log valid clears the alarm: they have looked.
 */
@Component
class AuditAlarm {

    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;
    private final Set<AuditAlarmRaised.Reason> raised = EnumSet.noneOf(AuditAlarmRaised.Reason.class);

    AuditAlarm(AuditLog audit, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Records the reason and, when it is new on this node, tells the security administrators. */
    void raise(AuditAlarmRaised.Reason reason, String chain, AuditEvent.Builder event) {
        boolean first;
        synchronized (raised) {
            first = raised.add(reason);
        }
        if (!first) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            audit.record(event.actor(Actor.system("audit")).detail("alarm", reason.name()).build());
            events.publishEvent(new AuditAlarmRaised(reason, chain));
        });
    }

    void clear() {
        synchronized (raised) {
            raised.clear();
        }
    }

    Set<AuditAlarmRaised.Reason> raised() {
        synchronized (raised) {
            return EnumSet.copyOf(raised);
        }
    }

    boolean quiet() {
        synchronized (raised) {
            return raised.isEmpty();
        }
    }
}
