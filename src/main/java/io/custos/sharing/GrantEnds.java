package io.custos.sharing;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Announces grants that reached their end (issue 15.4). Access already ends on the dot, decided on
 * every read; this tells the features that handed out copies under the grant, within a minute.
 */
@Component
class GrantEnds {

    private static final int BATCH = 200;

    private final SharingGrants grants;

    GrantEnds(SharingGrants grants) {
        this.grants = grants;
    }

    @SchedulerLock(name = "custos-grant-ends", lockAtMostFor = "PT30M", lockAtLeastFor = "PT30S")
    @Scheduled(initialDelayString = "${custos.sharing.end-sweep:1m}", fixedDelayString = "${custos.sharing.end-sweep:1m}")
    void announce() {
        while (grants.announceEnds(BATCH) == BATCH) {
            // A backlog (after downtime) is worked off in batches, each in its own transaction.
        }
    }
}
