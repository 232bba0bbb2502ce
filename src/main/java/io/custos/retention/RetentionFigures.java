package io.custos.retention;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention counted for an inspection (issue 20.2) and for the compliance map (issue 22, R-DEL-1,
 * R-DEL-2): customers past their retention period, the last sweep, destruction batches still open.
 */
@Service
public class RetentionFigures {

    private final JdbcClient jdbc;
    private final RetentionSweeps sweeps;

    RetentionFigures(JdbcClient jdbc, RetentionSweeps sweeps) {
        this.jdbc = jdbc;
        this.sweeps = sweeps;
    }

    /** How many of the department's customers were due for destruction on or before the day (the last sweep's list). */
    @Transactional(readOnly = true)
    public int pastRetention(UUID departmentId, LocalDate on) {
        return jdbc.sql("select count(*) from retention_due where department_id = ? and due_on <= ?")
                .params(departmentId, Date.valueOf(on)).query(Integer.class).single();
    }

    /**
     * How many customers of the whole company were due for destruction on or before the day, by the
     * last sweep's list (the department-wide count above, for every department and for customers of
     * none): each is data kept longer than a rule allows until a batch destroys it (R-DEL-1).
     */
    @Transactional(readOnly = true)
    public int pastRetention(LocalDate on) {
        return jdbc.sql("select count(*) from retention_due where due_on <= ?")
                .param(Date.valueOf(on)).query(Integer.class).single();
    }

    /**
     * When the newest sweep that completed finished (the one the due list shows), null when none ever did. The due list, and so
     * every count of customers past retention, is only as fresh as this sweep, which the policy wants
     * daily (R-DEL-1).
     */
    @Transactional(readOnly = true)
    public @Nullable Instant lastSweep() {
        return sweeps.latest().map(SweepResult::finishedAt).orElse(null);
    }

    /**
     * How many destruction batches are still open: proposed, approved or executing, neither executed
     * (DONE) nor rejected nor cancelled ({@link BatchStatus#open()}). Each holds customers whose data is
     * due to go but is still there (R-DEL-2).
     */
    @Transactional(readOnly = true)
    public int openDestructionBatches() {
        List<String> open = Arrays.stream(BatchStatus.values()).filter(BatchStatus::open).map(Enum::name).toList();
        return jdbc.sql("select count(*) from destruction_batch where status in ("
                + String.join(", ", Collections.nCopies(open.size(), "?")) + ")")
                .params(open.toArray()).query(Integer.class).single();
    }
}
