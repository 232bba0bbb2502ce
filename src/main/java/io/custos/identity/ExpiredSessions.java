package io.custos.identity;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Deletes page sessions past their idle timeout, once across the nodes (Spring Session's own
 * clean-up, which every node would run, is switched off: {@code spring.session.jdbc.cleanup-cron}).
 * A session past its timeout is refused when read whether or not this has run; the rows go so that
 * the table, and the sign-ins it holds, do not outlive their use.
 */
@Component
class ExpiredSessions {

    private final FindByIndexNameSessionRepository<?> sessions;

    ExpiredSessions(FindByIndexNameSessionRepository<?> sessions) {
        this.sessions = sessions;
    }

    @Scheduled(initialDelayString = "${custos.security.session-cleanup-interval:1m}",
            fixedDelayString = "${custos.security.session-cleanup-interval:1m}")
    @SchedulerLock(name = "custos-session-cleanup", lockAtLeastFor = "PT30S", lockAtMostFor = "PT10M")
    void deleteExpired() {
        if (sessions instanceof PageSessions.ForgivingSaves<?> stored) {
            stored.deleteExpired();
        }
    }
}
