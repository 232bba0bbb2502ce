package io.custos.incident;

import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Incidents counted for the compliance map (issue 22, R-SUP-7). Numbers only; the caller decides who sees them. */
@Service
public class IncidentFigures {

    private final JdbcClient jdbc;

    IncidentFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Incidents not closed yet: what the company is handling now (shown without judgement). */
    @Transactional(readOnly = true)
    public int open() {
        return jdbc.sql("select count(*) from incident_incident where status = 'OPEN'").query(Integer.class).single();
    }

    /**
     * Notification clocks of open incidents still running past their due time, as management's home
     * page counts them: a regulator or the affected customers not told when the law requires
     * (PIPL art. 57).
     */
    @Transactional(readOnly = true)
    public int overdueClocks(Instant now) {
        return jdbc.sql("""
                select count(*) from incident_clock c join incident_incident i on i.id = c.incident_id
                where c.stopped_at is null and c.due_at < ? and i.status = 'OPEN'""")
                .param(now.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
    }
}
