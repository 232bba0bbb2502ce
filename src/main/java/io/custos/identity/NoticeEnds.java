package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import io.custos.shared.web.TimeProperties;

/**
 * Ends a notice on its leaving date (R-EMP-5, issue 18.4): at 00:00 company time the person is
 * departed, their API tokens end and page sessions end with the next request (the account filter
 * reloads the person), whatever state their handover is in. Each person is ended in a transaction
 * of their own with a status-guarded update, so a failure leaves the others done and two nodes never
 * both end one notice.
 */
@Service
public class NoticeEnds {

    private static final Logger log = LoggerFactory.getLogger(NoticeEnds.class);
    static final String JOB = "notice-end";

    private final EmployeeRepository employees;
    private final ApiTokenStore tokens;
    private final RoleGrants grants;
    private final IdentityAudit audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final TimeProperties time;
    private final Clock clock;

    NoticeEnds(EmployeeRepository employees, ApiTokenStore tokens, RoleGrants grants, IdentityAudit audit,
            ApplicationEventPublisher events, TransactionTemplate transactions, TimeProperties time, Clock clock) {
        this.employees = employees;
        this.tokens = tokens;
        this.grants = grants;
        this.audit = audit;
        this.events = events;
        this.transactions = transactions;
        this.time = time;
        this.clock = clock;
    }

    @SchedulerLock(name = "custos-notice-ends", lockAtMostFor = "PT30M", lockAtLeastFor = "PT30S")
    @Scheduled(initialDelayString = "${custos.identity.notice-sweep:1m}",
            fixedDelayString = "${custos.identity.notice-sweep:1m}")
    void scheduled() {
        endDue();
    }

    /** Ends every notice whose leaving date has come; the number ended. */
    public int endDue() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), time.zone());
        int ended = 0;
        for (UUID id : employees.dueToLeave(today)) {
            try {
                if (Boolean.TRUE.equals(transactions.execute(status -> end(id)))) {
                    ended++;
                }
            } catch (RuntimeException e) {
                // The next sweep tries again; the others are not held up by one failure.
                log.error("Ending the notice of account {} failed; the next sweep retries", id, e);
            }
        }
        if (ended > 0) {
            log.info("Notice ended for {} account(s)", ended);
        }
        return ended;
    }

    private boolean end(UUID id) {
        EmployeeRecord before = employees.findById(id).orElse(null);
        if (before == null || !employees.endNotice(id)) {
            return false;
        }
        Instant now = clock.instant();
        tokens.revokeAll(id, now);
        Actor job = Actor.system(JOB);
        grants.cancelPending(id, job, null);
        events.publishEvent(new EmployeeChanged(id, null, before.roles(), before.roles(), before.departmentId(),
                before.departmentId(), EmployeeStatus.ON_NOTICE, EmployeeStatus.DEPARTED, before.leavesOn()));
        audit.accountBy(job, "identity.employee.status-changed", AuditOutcome.ALLOWED, id, Map.of("from",
                EmployeeStatus.ON_NOTICE, "to", EmployeeStatus.DEPARTED, "leavesOn",
                java.util.Objects.requireNonNull(before.leavesOn()), "cause", "notice-ended"));
        log.info("Notice of account {} ended: departed", id);
        return true;
    }
}
