package io.custos.training;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeChanged;
import io.custos.shared.ChangeCounter;

/**
 * Moves whenever something the training gate depends on may have changed on this node: every
 * recorded training change (documents, acknowledgments, courses, assignments, attempts — each is
 * audited through {@link TrainingAudit}) and every change of a person's roles, department or
 * status. Answers computed under an older count are not used again.
 */
@Component
class TrainingChanges {

    private final ChangeCounter counter = new ChangeCounter();

    long current() {
        return counter.current();
    }

    boolean unchangedSince(long seen) {
        return counter.unchangedSince(seen);
    }

    void changed() {
        counter.changed();
    }

    /** The count itself, for the gate's cache of answers. */
    ChangeCounter counter() {
        return counter;
    }

    @EventListener
    void on(EmployeeChanged changed) {
        counter.changed();
    }
}
