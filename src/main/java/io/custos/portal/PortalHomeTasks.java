package io.custos.portal;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.customer.CustomerOwnership;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;

/**
 * Tells an owner that customers of theirs wait for a phone sign-in code (R-CUS-1): a count only,
 * the codes themselves are on {@code /portal-codes}, where showing them is audited.
 */
@Component
class PortalHomeTasks implements HomeTaskProvider {

    private final CustomerOwnership ownership;
    private final PortalLinkTokens tokens;

    PortalHomeTasks(CustomerOwnership ownership, PortalLinkTokens tokens) {
        this.ownership = ownership;
        this.tokens = tokens;
    }

    @Override
    public List<HomeTask> tasksFor(UUID employeeId) {
        if (ownership.countOwnedBy(employeeId) == 0) {
            return List.of();
        }
        long waiting = tokens.pendingCount(ownership.ownedBy(employeeId).stream()
                .map(CustomerOwnership.Owned::customerId).toList());
        return waiting == 0 ? List.of() : List.of(new HomeTask(HomeTask.Severity.ACTION_REQUIRED,
                "home.task.portal.codes", List.of(waiting), "/portal-codes"));
    }
}
