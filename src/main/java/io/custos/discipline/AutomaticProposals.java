package io.custos.discipline;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.custos.access.AccessReviewed;
import io.custos.access.ReviewOutcome;
import io.custos.whistleblowing.ReportVerified;

/**
 * Proposals the system makes (R-SUP-5), after the commit of what caused them and in a transaction
 * of their own: a reward for the anonymous reporter of a report verified as true, and a warning
 * for the person whose emergency access or flagged reveal a reviewer found unjustified. Each is made
 * once per piece of evidence, however often the event arrives; management decides as for any other.
 */
@Component
class AutomaticProposals {

    private final Proposals proposals;

    AutomaticProposals(Proposals proposals) {
        this.proposals = proposals;
    }

    @ApplicationModuleListener
    void on(ReportVerified verified) {
        proposals.proposeReward(verified.reportId());
    }

    @ApplicationModuleListener
    void on(AccessReviewed reviewed) {
        if (reviewed.outcome() == ReviewOutcome.UNJUSTIFIED) {
            proposals.proposeWarning(reviewed.itemId());
        }
    }
}
