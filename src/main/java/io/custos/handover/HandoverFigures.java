package io.custos.handover;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Handovers counted for the compliance map (issue 22, R-EMP-5). Numbers only; the caller decides who sees them. */
@Service
public class HandoverFigures {

    private final JdbcClient jdbc;

    HandoverFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Handovers still open (not signed off, not withdrawn) after their effective day, the person's
     * last day or the day of their move, has passed: of the department the person leaves, or of the
     * whole company when {@code departmentId} is null. The policy wants customers handed over and
     * files returned before that day; an open case after it means someone left with something not
     * yet handed over or not yet checked.
     */
    @Transactional(readOnly = true)
    public int overdue(@Nullable UUID departmentId, LocalDate today) {
        String where = departmentId == null ? "" : " and department_id = ?";
        var spec = jdbc.sql("select count(*) from handover_case where status = 'OPEN' and effective_on < ?" + where)
                .param(Date.valueOf(today));
        if (departmentId != null) {
            spec = spec.param(departmentId);
        }
        return spec.query(Integer.class).single();
    }
}
