package io.custos.supervision;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.web.Times;

/**
 * Inspections' findings, security assessments and vulnerabilities counted for the compliance map
 * (issue 22: R-SUP-1, R-SUP-2, R-IT-2). Numbers and times only; the caller decides who sees them.
 */
@Service
public class SupervisionFigures {

    private final JdbcClient jdbc;
    private final Times times;

    SupervisionFigures(JdbcClient jdbc, Times times) {
        this.jdbc = jdbc;
        this.times = times;
    }

    /**
     * Rectifications not closed (open, or a fix waiting for the inspector to verify it): of the
     * department inspected, or of the whole company when {@code departmentId} is null. Each is a
     * finding of an inspection not yet shown to be fixed.
     */
    @Transactional(readOnly = true)
    public int openRectifications(@Nullable UUID departmentId) {
        String where = departmentId == null ? "" : " and department_id = ?";
        var spec = jdbc.sql("select count(*) from rectification where status <> 'CLOSED'" + where);
        if (departmentId != null) {
            spec = spec.param(departmentId);
        }
        return spec.query(Integer.class).single();
    }

    /**
     * Rectifications still OPEN after their due day, as the escalation to management and the
     * owner's home page count them (a fix submitted in time waits for the inspector, not the owner):
     * of the department inspected, or of the whole company when {@code departmentId} is null.
     */
    @Transactional(readOnly = true)
    public int overdueRectifications(@Nullable UUID departmentId, LocalDate today) {
        String where = departmentId == null ? "" : " and department_id = ?";
        var spec = jdbc.sql("select count(*) from rectification where status = 'OPEN' and due_on < ?" + where)
                .param(Date.valueOf(today));
        if (departmentId != null) {
            spec = spec.param(departmentId);
        }
        return spec.query(Integer.class).single();
    }

    /**
     * The start, in the company's zone, of the day the last security assessment carried out (DONE)
     * took place; null when none was. R-IT-2 asks for them periodically: the time since the last is
     * the evidence.
     */
    @Transactional(readOnly = true)
    public @Nullable Instant lastAssessment() {
        LocalDate on = jdbc.sql("select max(assessed_on) from supervision_assessment where status = 'DONE'")
                .query((rs, n) -> rs.getObject(1, LocalDate.class)).list().get(0);
        return on == null ? null : on.atStartOfDay(times.companyZone()).toInstant();
    }

    /**
     * Vulnerabilities still to be dealt with (open, being fixed, or a risk proposed but not yet
     * accepted) after their due day, as the register's escalation counts them: each a known weakness
     * left open longer than its severity allows.
     */
    @Transactional(readOnly = true)
    public int overdueVulnerabilities(LocalDate today) {
        String pending = String.join(", ", java.util.Arrays.stream(VulnerabilityStatus.values())
                .filter(VulnerabilityStatus::pending).map(s -> "'" + s.name() + "'").toList());
        return jdbc.sql("select count(*) from supervision_vulnerability where status in (" + pending + ") and due_on < ?")
                .param(Date.valueOf(today)).query(Integer.class).single();
    }
}
