package io.custos.handover;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.custos.identity.EmployeeChanged;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.shared.web.TimeProperties;

/**
 * Opens, moves, withdraws and ends handover cases as people's standing changes (issue 18.1, 18.4).
 * It listens in the transaction that made the change, so a notice, a move or a departure never
 * commits without its case, and a failure here undoes the change rather than leaving it unhandled.
 * <ul>
 * <li>put on notice: a departure case, effective on the leaving date; a new leaving date moves it;
 * back to active: the case is withdrawn (what was settled stays settled);</li>
 * <li>moved to another department, or no longer holding a role that owns customers: a transfer
 * case, effective at once (the access decision already stopped seeing the old department);</li>
 * <li>departed (on the leaving date, or at once by an administrator): the case records that access
 * ended and what is unsettled goes to the head. Someone who departs holding something without a
 * case gets one then.</li>
 * </ul>
 */
@Component
class HandoverOpening {

    private final Handovers handovers;
    private final HandoverRepository cases;
    private final TimeProperties time;
    private final Clock clock;

    HandoverOpening(Handovers handovers, HandoverRepository cases, TimeProperties time, Clock clock) {
        this.handovers = handovers;
        this.cases = cases;
        this.time = time;
        this.clock = clock;
    }

    @EventListener
    void on(EmployeeChanged changed) {
        UUID department = changed.departmentBefore();
        if (department == null) {
            // A partner's user, or someone who belonged to no department: nothing of a department to hand over.
            return;
        }
        UUID person = changed.employeeId();
        Actor actor = changed.changedBy() == null ? Handovers.SYSTEM : signedIn();
        Optional<HandoverCase> open = cases.openCaseOf(person);
        LocalDate today = LocalDate.ofInstant(clock.instant(), time.zone());
        if (changed.departed()) {
            HandoverCase handover = open.orElseGet(() -> cases.find(handovers.open(person, HandoverKind.DEPARTURE,
                    department, null, today, changed.changedBy(), actor)).orElseThrow());
            handovers.accessEnded(handover, true);
            return;
        }
        if (changed.onNotice()) {
            LocalDate leavesOn = changed.leavesOn() == null ? today : changed.leavesOn();
            if (open.isPresent() && open.get().kind() == HandoverKind.DEPARTURE) {
                handovers.moveDate(open.get(), leavesOn, actor);
            } else if (open.isEmpty()) {
                handovers.open(person, HandoverKind.DEPARTURE, department, null, leavesOn, changed.changedBy(), actor);
            }
            return;
        }
        if (changed.noticeWithdrawn() && open.isPresent() && open.get().kind() == HandoverKind.DEPARTURE) {
            handovers.withdraw(open.get(), actor);
            return;
        }
        if ((changed.moved() || lostCustomerRoles(changed)) && open.isEmpty()) {
            UUID id = handovers.open(person, HandoverKind.TRANSFER, department, changed.departmentAfter(), today,
                    changed.changedBy(), actor);
            handovers.accessEnded(cases.find(id).orElseThrow(), false);
        }
    }

    /** The administrator whose change this is, as the audit log names people. */
    private static Actor signedIn() {
        var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor.Source source ? source.actor()
                : Handovers.SYSTEM;
    }

    /**
     * No longer holding a role that owns customers (EMPLOYEE, DEPT_HEAD): a head who stays an
     * employee keeps their customers, someone who becomes an administration officer hands them over.
     */
    private static boolean lostCustomerRoles(EmployeeChanged changed) {
        return ownsCustomers(changed.rolesBefore()) && !ownsCustomers(changed.rolesAfter())
                && changed.statusAfter() != EmployeeStatus.DEPARTED;
    }

    private static boolean ownsCustomers(Set<Role> roles) {
        return roles.contains(Role.EMPLOYEE) || roles.contains(Role.DEPT_HEAD);
    }
}
