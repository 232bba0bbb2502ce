package io.custos.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert counts for an inspection's evidence (issue 21.2 "a finding for an inspection"): how many
 * alerts about a department's people were raised in a period, and how many of them IT security
 * triaged as findings for the inspection. Numbers only; the caller decides who sees them.
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
}
