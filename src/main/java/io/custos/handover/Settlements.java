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
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.retention.HeldPaper;
import io.custos.retention.PaperCustody;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.sharing.SharingHandover;

/**
 * Carries out a settlement in the module that keeps the thing (issue 18.2): each module's own
 * service moves it, checks it still belongs to the leaver, and audits it there. The checks on the
 * successor are made here, once, before anything moves.
 * <p>
 * On the leaving date ({@link #toHead}) nothing may fail half-way through a departure, so only
 * steps that cannot be refused are taken: customers and paper of the head's own department go to
 * the head, grants continue under a head who holds the head's role (else they end), and pending
 * requests are withdrawn (a head may not answer for a request they already approved; they can ask
 * again). What cannot go to the head stays open on the case for the head to settle.
 */
@Component
class Settlements {

    /** What the leaving date settles when it is still open. */
    private static final Set<ItemKind> TO_HEAD = EnumSet.of(ItemKind.CUSTOMER, ItemKind.SHARING_REQUEST,
            ItemKind.GRANT, ItemKind.PAPER_RECORD);

    private final CustomerOwnership ownership;
    private final SharingHandover sharing;
    private final PaperCustody paper;
    private final Successors successors;
    private final Employees employees;

    Settlements(CustomerOwnership ownership, SharingHandover sharing, PaperCustody paper, Successors successors,
            Employees employees) {
        this.ownership = ownership;
        this.sharing = sharing;
        this.paper = paper;
        this.successors = successors;
        this.employees = employees;
    }

    boolean fallsToHead(ItemKind kind) {
        return TO_HEAD.contains(kind);
    }

    /** The head's choice for items of one kind; throws before anything moves when one may not be settled so. */
    void settle(HandoverCase handover, List<HandoverItem> items, ItemOutcome outcome, @Nullable UUID person,
            Actor by) {
        UUID leaver = handover.employeeId();
        switch (outcome) {
            case REASSIGNED -> {
                UUID successor = Objects.requireNonNull(person);
                if (items.get(0).kind() == ItemKind.CUSTOMER) {
                    reassignCustomers(handover, items, successor, by);
                } else {
                    successors.require(successor, handover.departmentId(), leaver);
                    items.forEach(i -> sharing.reassignRequest(i.subjectId(), leaver, successor, by));
                }
            }
            case WITHDRAWN -> items.forEach(i -> sharing.withdrawRequest(i.subjectId(), leaver, by));
            case CONTINUED -> items.forEach(i -> sharing.continueGrantUnder(i.subjectId(), leaver,
                    Objects.requireNonNull(person), by));
            case ENDED -> items.forEach(i -> sharing.endGrant(i.subjectId(), leaver, by));
            case CHECKED_IN -> {
                UUID custodian = Objects.requireNonNull(person);
                successors.requireCustodian(custodian, handover.departmentId(), leaver);
                items.forEach(i -> paper.checkIn(i.subjectId(), leaver, custodian, by));
            }
            case ACKNOWLEDGED -> {
                // The head's word is the settlement: nothing moves in another module.
            }
            default -> throw DomainException.unprocessable("handover-outcome-not-allowed", Map.of("field", "outcome"));
        }
    }

    /**
     * Unsettled items of one kind on the leaving date: how each was settled ({@code TO_HEAD}, or
     * {@code WITHDRAWN} / {@code ENDED}); items left out stay open for the head.
     */
    Map<HandoverItem, ItemOutcome> toHead(HandoverCase handover, List<HandoverItem> items, UUID headId, Actor by) {
        UUID leaver = handover.employeeId();
        Map<HandoverItem, ItemOutcome> settled = new java.util.LinkedHashMap<>();
        switch (items.get(0).kind()) {
            case CUSTOMER -> {
                ownership.transfer(ids(items), leaver, headId, handover.id(), by);
                items.forEach(i -> settled.put(i, ItemOutcome.TO_HEAD));
            }
            case SHARING_REQUEST -> items.forEach(i -> {
                sharing.withdrawRequest(i.subjectId(), leaver, by);
                settled.put(i, ItemOutcome.WITHDRAWN);
            });
            case GRANT -> {
                boolean head = employees.byId(headId).map(EmployeeView::roles).map(r -> r.contains(Role.DEPT_HEAD))
                        .orElse(false);
                items.forEach(i -> {
                    if (head) {
                        sharing.continueGrantUnder(i.subjectId(), leaver, headId, by);
                        settled.put(i, ItemOutcome.TO_HEAD);
                    } else {
                        sharing.endGrant(i.subjectId(), leaver, by);
                        settled.put(i, ItemOutcome.ENDED);
                    }
                });
            }
            case PAPER_RECORD -> {
                Map<UUID, HeldPaper> held = new HashMap<>();
                paper.inCustodyOf(leaver).forEach(p -> held.put(p.id(), p));
                items.stream().filter(i -> held.containsKey(i.subjectId())
                        && handover.departmentId().equals(held.get(i.subjectId()).departmentId())).forEach(i -> {
                            paper.checkIn(i.subjectId(), leaver, headId, by);
                            settled.put(i, ItemOutcome.TO_HEAD);
                        });
            }
            default -> {
                // Exports, training drafts and accesses under review wait for the head or the reviewer.
            }
        }
        return settled;
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
