package io.custos.supervision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;


/**
 * Escalates rectifications left open past their deadline to management (issue 20.3, policy §五.1):
 * once per rectification, the escalated mark being set with a version check so two nodes never both
 * do it. Management sees the count on the home page; the step is on the rectification's page and
 * in the audit log as the system's act.
 */
@Component
class RectificationEscalation {

    static final String JOB = "rectification-escalation";
    private static final Logger log = LoggerFactory.getLogger(RectificationEscalation.class);

    private final Rectifications rectifications;
    private final TransactionTemplate transactions;

    RectificationEscalation(Rectifications rectifications, TransactionTemplate transactions) {
        this.rectifications = rectifications;
        this.transactions = transactions;
    }

    @SchedulerLock(name = "custos-rectification-escalation", lockAtMostFor = "PT30M", lockAtLeastFor = "PT2M")
    @Scheduled(initialDelayString = "${custos.supervision.escalation-sweep:5m}",
            fixedDelayString = "${custos.supervision.escalation-sweep:5m}")
    void scheduled() {
        sweep();
    }

    /** Escalates what is overdue; the number escalated. */
    int sweep() {
        int escalated = 0;
        for (RectificationView overdue : rectifications.overdueNotEscalated()) {
            try {
                Boolean done = transactions.execute(status -> rectifications.escalate(overdue));
                if (Boolean.TRUE.equals(done)) {
                    escalated++;
                }
            } catch (RuntimeException e) {
                log.error("Escalating rectification {} failed; the next sweep retries", overdue.id(), e);
            }
        }
        return escalated;
    }
}
