package io.custos.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert counts for an inspection's evidence (issue 21.2 "a finding for an inspection") and the
 * compliance map (issue 22): how many alerts about a department's people were raised in a period,
 * how many of them IT security triaged as findings for the inspection, and how many wait for
 * triage. Numbers only; the caller decides who sees them.
 */
@Service
public class AlertFigures {

    private final JdbcClient jdbc;

    AlertFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Figures(long raised, long findings) {
    }

    @Transactional(readOnly = true)
    public Figures of(UUID department, Instant from, Instant until) {
        return jdbc.sql("""
                select count(*), coalesce(sum(case when status = 'FINDING' then 1 else 0 end), 0) from monitoring_alert
                where department_id = ? and raised_at >= ? and raised_at < ?""")
                .params(department, from.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Figures(rs.getLong(1), rs.getLong(2))).single();
    }

    /**
     * Alerts nobody has triaged yet (still OPEN): about the department's people when
     * {@code department} is given, otherwise all of them. Each is a possible leak IT security has
     * not looked at (R-SUP-3).
     */
    @Transactional(readOnly = true)
    public long untriaged(@Nullable UUID department) {
        if (department == null) {
            return jdbc.sql("select count(*) from monitoring_alert where status = 'OPEN'").query(Long.class).single();
        }
        return jdbc.sql("select count(*) from monitoring_alert where department_id = ? and status = 'OPEN'")
                .param(department).query(Long.class).single();
    }
}
