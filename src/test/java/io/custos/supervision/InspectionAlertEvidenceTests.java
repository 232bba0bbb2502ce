package io.custos.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Issue 21.2: an alert triaged as a finding for the inspection is counted in the inspected
 * department's evidence for its quarter, next to all alerts about its people; other departments'
 * alerts and alerts of other quarters are not.
 */
@IntegrationTest
class InspectionAlertEvidenceTests {

    @Autowired InspectionEvidence evidence;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired MutableClock clock;

    @Test
    void alertsAboutTheDepartmentAndThoseTriagedAsFindingsAreCounted() {
        UUID department = accounts.department("ALERTS-" + UUID.randomUUID().toString().substring(0, 6));
        UUID other = accounts.department("ALERTS-" + UUID.randomUUID().toString().substring(0, 6));
        LocalDate start = LocalDate.of(2030, 4, 1);
        LocalDate end = LocalDate.of(2030, 6, 30);
        Instant inQuarter = Instant.parse("2030-05-10T02:00:00Z");
        alert(department, inQuarter, "FINDING");
        alert(department, inQuarter, "OPEN");
        alert(department, inQuarter, "FALSE_POSITIVE");
        alert(department, Instant.parse("2030-07-02T02:00:00Z"), "FINDING");
        alert(other, inQuarter, "FINDING");
        clock.set(Instant.parse("2030-08-01T02:00:00Z"));

        EvidenceFigures figures = evidence.figures(EvidenceSource.ALERTS, department, start, end);

        assertThat(figures.main()).isEqualTo(3);
        assertThat(figures.extra()).isEqualTo(1);
    }

    private void alert(UUID department, Instant at, String status) {
        boolean triaged = !"OPEN".equals(status);
        jdbc.sql("""
                insert into monitoring_alert (id, rule_kind, rule_version, severity, subject_key, subject_id, department_id,
                figure, threshold, window_minutes, first_event_at, last_event_at, trigger_event, raised_at, repeats, status,
                triaged_at, version) values (?, 'BULK_READING', 1, 'HIGH', ?, null, ?, 60, 50, 10, ?, ?, ?, ?, 0, ?, ?, 0)""")
                .params(UUID.randomUUID(), "person:" + UUID.randomUUID(), department, at.atOffset(ZoneOffset.UTC),
                        at.atOffset(ZoneOffset.UTC), Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000),
                        at.atOffset(ZoneOffset.UTC), status, triaged ? at.atOffset(ZoneOffset.UTC) : null)
                .update();
    }
}
