package io.custos.sharing;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Copies made under a grant outlive it unless someone asks (issue 15.5): when a grant ends or is
 * revoked, after the commit that ended it (Spring Modulith's event publication registry, so a
 * restart republishes what was not handled), everyone who downloaded a package under it is asked to
 * confirm destruction; a sweep marks the requests not confirmed within seven days as lapsed. The
 * sweep is idempotent (a compare-and-set per request), so two nodes running it at once record each
 * lapse once.
 */
@Component
class ExportDestructions {

    private final ExportPackages packages;

    ExportDestructions(ExportPackages packages) {
        this.packages = packages;
    }

    @ApplicationModuleListener
    void on(GrantEnded ended) {
        packages.askForDestruction(ended);
    }

    @SchedulerLock(name = "custos-export-destructions", lockAtMostFor = "PT30M", lockAtLeastFor = "PT10M")
    @Scheduled(initialDelayString = "${custos.export.destruction-sweep-interval:1h}",
            fixedDelayString = "${custos.export.destruction-sweep-interval:1h}")
    void sweep() {
        packages.lapseOverdueDestructions();
    }
}
