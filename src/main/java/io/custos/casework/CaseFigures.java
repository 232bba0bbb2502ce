package io.custos.casework;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Casework counted for an inspection (issue 20.2) and the compliance map (issue 22): a department's
 * open customer cases and how many are overdue.
 */
@Service
public class CaseFigures {

    private final JdbcClient jdbc;

    CaseFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Figures(int open, int overdue) {
    }

    /** Open (or paused) cases of the department, and the open ones whose due date is before the day. */
    @Transactional(readOnly = true)
    public Figures of(UUID departmentId, LocalDate today) {
        return jdbc.sql("select count(*), coalesce(sum(case when status = 'OPEN' and due_on < ? then 1 else 0 end), 0) "
                + "from casework_case where department_id = ? and status <> 'CLOSED'")
                .params(Date.valueOf(today), departmentId).query((rs, n) -> new Figures(rs.getInt(1), rs.getInt(2)))
                .single();
    }

    /**
     * Open cases (not paused, not closed) of the department, or of the whole company when
     * {@code departmentId} is null, whose due date is before the day: the customers' requests not
     * answered within their legal time (R-CUS-1, R-CUS-2), as the escalation and management's
     * home page count them.
     */
    @Transactional(readOnly = true)
    public int overdue(@Nullable UUID departmentId, LocalDate today) {
        if (departmentId == null) {
            return jdbc.sql("select count(*) from casework_case where status = 'OPEN' and due_on < ?")
                    .param(Date.valueOf(today)).query(Integer.class).single();
        }
        return of(departmentId, today).overdue();
    }
}
