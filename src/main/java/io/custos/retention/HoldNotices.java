package io.custos.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerNotices;

/**
 * Puts each active legal hold, and an open destruction or deletion request, at the top of the
 * customer's page (issue 16.4), so whoever works on the customer sees why it must be kept or that it
 * is about to go. Kinds and dates only; the hold's reason stays on the holds page.
 */
@Component
class HoldNotices implements CustomerNotices {

    private final LegalHolds holds;
    private final DestructionRepository batches;

    HoldNotices(LegalHolds holds, DestructionRepository batches) {
        this.holds = holds;
        this.batches = batches;
    }

    @Override
    public List<CustomerNotice> noticesFor(UUID customerId) {
        List<CustomerNotice> notices = new ArrayList<>();
        for (LegalHold hold : holds.activeOn(List.of(customerId))) {
            notices.add(new CustomerNotice("retention.notice.hold", List.of(
                    new DefaultMessageSourceResolvable("retention.holdKind." + hold.kind().name()), hold.placedAt()),
                    Severity.WARNING));
        }
        if (!batches.inOpenBatch(List.of(customerId)).isEmpty()) {
            notices.add(new CustomerNotice("retention.notice.inBatch", List.of(), Severity.DANGER));
        }
        return notices;
    }
}
