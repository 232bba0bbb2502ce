package io.custos.audit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.custos.keys.DataKeyDestroyed;
import io.custos.keys.DataKeysDestroyed;
import io.custos.keys.MasterKeyRewrapFinished;
import io.custos.keys.MasterKeyRotated;
import io.custos.shared.Actor;

/**
 * Records what the keys module does (it cannot call the audit log itself: the log signs with its
 * keys). The events are published inside the key operation's transaction and heard synchronously,
 * so the operation and its record commit together, and a record that cannot be stored undoes the
 * operation.
 */
@Component
class KeyEventAudit {

    private final AuditLog audit;

    KeyEventAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(DataKeyDestroyed destroyed) {
        store(AuditEvent.of(AuditCategory.SECURITY, "keys.data-key.destroyed", AuditOutcome.ALLOWED)
                .target("data-key", destroyed.ownerId()).build());
    }

    /** One event per key, as for a single destruction, inserted in one batch. */
    @EventListener
    void on(DataKeysDestroyed destroyed) {
        java.util.List<AuditEvent> events = destroyed.ownerIds().stream()
                .map(owner -> AuditEvent.of(AuditCategory.SECURITY, "keys.data-key.destroyed", AuditOutcome.ALLOWED)
                        .target("data-key", owner).build())
                .toList();
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            audit.recordAll(events);
        } else {
            events.forEach(audit::recordAlone);
        }
    }

    @EventListener
    void on(MasterKeyRotated rotated) {
        store(AuditEvent.of(AuditCategory.SECURITY, "keys.master-key.rotated", AuditOutcome.ALLOWED)
                .target("master-key", "k" + Integer.toUnsignedString(rotated.newPrimaryKeyId())).build());
    }

    @EventListener
    void on(MasterKeyRewrapFinished finished) {
        store(AuditEvent.of(AuditCategory.SECURITY, "keys.master-key.rewrap-finished", AuditOutcome.ALLOWED)
                .actor(Actor.system("key-rewrap"))
                .target("master-key", "k" + Integer.toUnsignedString(finished.keyId()))
                .detail("rewrapped", Math.min(finished.rewrapped(), 1_000_000_000L))
                .build());
    }

    /** In the operation's transaction when it has one (always, in the application); on its own otherwise. */
    private void store(AuditEvent event) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            audit.record(event);
        } else {
            audit.recordAlone(event);
        }
    }
}
