package io.custos.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which backups the retention of backups keeps (issue 17.5): the newest backup of each of the
 * {@code keepDaily} most recent days on which a backup was made, and the newest of each of the
 * {@code keepMonthly} most recent such months, days and months in the company's zone. Counting days
 * that have a backup (rather than calendar days) means a stretch without backups never costs the
 * older ones. The newest backup is always kept.
 */
final class BackupRetention {

    record Candidate(UUID id, Instant takenAt) {
    }

    private BackupRetention() {
    }

    static Set<UUID> keep(List<Candidate> backups, int keepDaily, int keepMonthly, ZoneId zone) {
        List<Candidate> newestFirst = backups.stream()
                .sorted(Comparator.comparing(Candidate::takenAt).reversed().thenComparing(Candidate::id)).toList();
        Set<UUID> kept = new LinkedHashSet<>();
        Set<LocalDate> days = new HashSet<>();
        Set<YearMonth> months = new HashSet<>();
        for (Candidate backup : newestFirst) {
            LocalDate day = LocalDate.ofInstant(backup.takenAt(), zone);
            YearMonth month = YearMonth.from(day);
            if (!days.contains(day) && days.size() < keepDaily) {
                days.add(day);
                kept.add(backup.id());
            }
            if (!months.contains(month) && months.size() < keepMonthly) {
                months.add(month);
                kept.add(backup.id());
            }
        }
        if (!newestFirst.isEmpty()) {
            kept.add(newestFirst.get(0).id());
        }
        return kept;
    }
}
