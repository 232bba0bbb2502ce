package io.custos.handover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerOwnership;

/**
 * Everything a person holds, asked of the modules that keep it (issue 18.1). A case lists what
 * this returns when it opens and again whenever it is looked at or acted on, so what the person
 * took on while on notice is listed too, and what stopped being held meanwhile is marked gone.
 */
@Component
class Holdings {

    /** One thing held: its kind, its id in its module, and a label that is never a customer value. */
    record Held(ItemKind kind, UUID subjectId, @Nullable String label) {
    }

    private final CustomerOwnership ownership;

    Holdings(CustomerOwnership ownership) {
        this.ownership = ownership;
    }

    /**
     * Whether an open item no longer held is settled by that: all but exports, which stay until
     * the head confirms no copy is left.
     */
    boolean vanishes(ItemKind kind) {
        return kind != ItemKind.EXPORT;
    }

    /**
     * What the person holds for this case. A transfer hands over what belongs to the department
     * left; a departure hands over everything.
     */
    List<Held> of(HandoverCase handover, Instant now) {
        UUID person = handover.employeeId();
        List<Held> held = new ArrayList<>();
        for (CustomerOwnership.Owned c : ownership.ownedBy(person)) {
            if (handover.kind() == HandoverKind.DEPARTURE || c.departmentId() == null
                    || c.departmentId().equals(handover.departmentId())) {
                held.add(new Held(ItemKind.CUSTOMER, c.customerId(), null));
            }
        }
        return held;
    }
}
