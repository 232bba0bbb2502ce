package io.custos.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Deletes the rows of throttle buckets that are full again, once across the nodes (issue 24.3): a
 * flood of made-up clients leaves rows behind, which must not pile up. Bucket4j's own clean-up is
 * not used: it deletes in batches with no lock across the nodes; this is one statement on one node.
 */
@Component
class ThrottleCleanup {

    private static final Logger log = LoggerFactory.getLogger(ThrottleCleanup.class);

    private final Throttles throttles;

    ThrottleCleanup(Throttles throttles) {
        this.throttles = throttles;
    }

    @Scheduled(initialDelayString = "${custos.throttle.cleanup-interval:10m}",
            fixedDelayString = "${custos.throttle.cleanup-interval:10m}")
    @SchedulerLock(name = "custos-throttle-cleanup", lockAtLeastFor = "PT30S", lockAtMostFor = "PT10M")
    void deleteExpired() {
        int deleted = throttles.deleteExpired();
        if (deleted > 0) {
            log.info("Deleted {} throttle buckets that were full again", deleted);
        }
    }
}
