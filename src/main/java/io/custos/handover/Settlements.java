package io.custos.handover;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerOwnership;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Carries out a settlement in the module that keeps the thing (issue 18.2): each module's own
 * service moves it, checks it still belongs to the leaver, and audits it there. The checks on the
 * successor are made here, once, before anything moves.
 */
@Component
class Settlements {

    /** What goes to the department head when it is still unsettled on the leaving date. */
    private static final Set<ItemKind> TO_HEAD = EnumSet.of(ItemKind.CUSTOMER);

    private final CustomerOwnership ownership;
    private final Successors successors;

    Settlements(CustomerOwnership ownership, Successors successors) {
        this.ownership = ownership;
        this.successors = successors;
    }

    boolean fallsToHead(ItemKind kind) {
        return TO_HEAD.contains(kind);
    }

    /** The head's choice for items of one kind; throws before anything moves when one may not be settled so. */
    void settle(HandoverCase handover, List<HandoverItem> items, ItemOutcome outcome, @Nullable UUID person,
            Actor by) {
        ItemKind kind = items.get(0).kind();
        switch (kind) {
            case CUSTOMER -> reassignCustomers(handover, items, Objects.requireNonNull(person), by);
            default -> throw DomainException.unprocessable("handover-outcome-not-allowed", Map.of("field", "outcome"));
        }
    }

    /** Unsettled items on the leaving date: to the head, without the successor checks (the head answers for the department). */
    void toHead(HandoverCase handover, List<HandoverItem> items, UUID headId, Actor by) {
        ItemKind kind = items.get(0).kind();
        if (kind == ItemKind.CUSTOMER) {
            ownership.transfer(ids(items), handover.employeeId(), headId, handover.id(), by);
        }
    }

    private void reassignCustomers(HandoverCase handover, List<HandoverItem> items, UUID successor, Actor by) {
        Map<UUID, UUID> departments = new HashMap<>();
        ownership.ownedBy(handover.employeeId()).forEach(o -> departments.put(o.customerId(),
                o.departmentId() == null ? handover.departmentId() : o.departmentId()));
        Set<UUID> checked = new java.util.HashSet<>();
        for (HandoverItem item : items) {
            UUID department = departments.get(item.subjectId());
            if (department == null) {
                throw DomainException.conflict("handover-item-changed");
            }
            if (checked.add(department)) {
                successors.require(successor, department, handover.employeeId());
            }
        }
        ownership.transfer(ids(items), handover.employeeId(), successor, handover.id(), by);
    }

    private static List<UUID> ids(List<HandoverItem> items) {
        return items.stream().map(HandoverItem::subjectId).toList();
    }
}
