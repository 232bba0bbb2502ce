package io.custos.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.support.MutableClock;

/**
 * The shared test clock moved past every complete backup and every drill other test classes left
 * behind, so "the newest backup" and "the last drill" are the ones the test makes next.
 */
public final class BackupTestClock {

    private BackupTestClock() {
    }

    public static void afterEverything(JdbcClient jdbc, MutableClock clock) {
        Instant latest = clock.instant();
        for (String sql : new String[] {"select max(started_at) from backup_record where status = 'DONE'",
                "select max(started_at) from backup_drill"}) {
            OffsetDateTime at = jdbc.sql(sql).query(OffsetDateTime.class).optional().orElse(null);
            if (at != null && at.toInstant().isAfter(latest)) {
                latest = at.toInstant();
            }
        }
        clock.set(latest.plus(Duration.ofSeconds(1)));
    }
}
