package io.custos.retention;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Retention counted for an inspection (issue 20.2): a department's customers past their retention period. */
@Service
public class RetentionFigures {

    private final JdbcClient jdbc;

    RetentionFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many of the department's customers were due for destruction on or before the day (the last sweep's list). */
    @Transactional(readOnly = true)
    public int pastRetention(UUID departmentId, LocalDate on) {
        return jdbc.sql("select count(*) from retention_due where department_id = ? and due_on <= ?")
                .params(departmentId, Date.valueOf(on)).query(Integer.class).single();
    }
}
