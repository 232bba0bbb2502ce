package io.custos.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Which backups the retention of backups keeps (issue 17.5, R-STO-3): days and months in the company's zone. */
class BackupRetentionTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void keepsTheNewestOfEachOfTheLastDaysAndMonthsAndNothingElse() {
        Map<String, UUID> backups = new LinkedHashMap<>();
        // Twice a day for ten days (02:30 and 14:00 Shanghai), then one on the last day of each earlier month.
        for (int day = 1; day <= 10; day++) {
            backups.put(String.format("12-%02d-a", day), UUID.randomUUID());
            backups.put(String.format("12-%02d-b", day), UUID.randomUUID());
        }
        for (String month : List.of("11-30", "10-31", "09-30", "08-31")) {
            backups.put(month, UUID.randomUUID());
        }
        Set<UUID> kept = BackupRetention.keep(candidates(backups), 3, 3, SHANGHAI);

        // The newest of December 8, 9 and 10 (the three newest days), the newest of December (Dec 10),
        // of November and of October; not the morning ones, not September or August.
        assertThat(kept).containsExactlyInAnyOrder(backups.get("12-10-b"), backups.get("12-09-b"),
                backups.get("12-08-b"), backups.get("11-30"), backups.get("10-31"));
    }

    @Test
    void daysWithoutABackupDoNotCountSoAGapNeverCostsTheOlderBackups() {
        Map<String, UUID> backups = new LinkedHashMap<>();
        backups.put("12-01-a", UUID.randomUUID());
        backups.put("12-02-a", UUID.randomUUID());
        backups.put("12-03-a", UUID.randomUUID());
        // Nothing for three weeks, then one.
        backups.put("12-25-a", UUID.randomUUID());
        Set<UUID> kept = BackupRetention.keep(candidates(backups), 3, 0, SHANGHAI);
        assertThat(kept).containsExactlyInAnyOrder(backups.get("12-25-a"), backups.get("12-03-a"), backups.get("12-02-a"));
    }

    @Test
    void daysAreTheCompanysDaysNotUtc() {
        UUID lateEvening = UUID.randomUUID();
        UUID nextMorning = UUID.randomUUID();
        // 2026-12-05 15:59 UTC is 23:59 in Shanghai; 16:01 UTC is already December 6 there.
        List<BackupRetention.Candidate> two = List.of(
                new BackupRetention.Candidate(lateEvening, Instant.parse("2026-12-05T15:59:00Z")),
                new BackupRetention.Candidate(nextMorning, Instant.parse("2026-12-05T16:01:00Z")));
        assertThat(BackupRetention.keep(two, 2, 0, SHANGHAI)).containsExactlyInAnyOrder(lateEvening, nextMorning);
        assertThat(BackupRetention.keep(two, 2, 0, ZoneId.of("UTC"))).containsExactly(nextMorning);
    }

    @Test
    void theNewestIsAlwaysKeptAndNoBackupsKeepNothing() {
        UUID only = UUID.randomUUID();
        assertThat(BackupRetention.keep(List.of(new BackupRetention.Candidate(only, Instant.now())), 1, 0, SHANGHAI))
                .containsExactly(only);
        assertThat(BackupRetention.keep(List.of(), 7, 12, SHANGHAI)).isEmpty();
    }

    /** "MM-dd-a" is 02:30 Shanghai, "MM-dd-b" 14:00, "MM-dd" 23:00, all in 2026. */
    private static List<BackupRetention.Candidate> candidates(Map<String, UUID> backups) {
        List<BackupRetention.Candidate> list = new ArrayList<>();
        backups.forEach((key, id) -> {
            String date = "2026-" + key.substring(0, 5);
            String time = key.endsWith("-a") ? "02:30" : key.endsWith("-b") ? "14:00" : "23:00";
            list.add(new BackupRetention.Candidate(id,
                    java.time.LocalDateTime.parse(date + "T" + time).atZone(SHANGHAI).toInstant()));
        });
        return list;
    }
}
