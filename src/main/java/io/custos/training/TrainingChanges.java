package io.custos.training;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.custos.identity.EmployeeChanged;

/**
 * A counter that moves whenever something the training gate depends on may have changed on this
 * node: every recorded training change (documents, acknowledgments, courses, assignments, attempts
 * — each is audited through {@link TrainingAudit}) and every change of a person's roles,
 * department or status. Answers computed under an older count are not used again.
 */
@Component
class TrainingChanges {

    private final AtomicLong generation = new AtomicLong();

    long generation() {
        return generation.get();
    }

    /** Now, and again when the surrounding transaction ends: a reader between the two saw old rows. */
    void changed() {
        generation.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                }
            });
        }
    }

    @EventListener
    void on(EmployeeChanged changed) {
        changed();
    }
}
