package io.custos.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Months;

/**
 * Quizzes passed per month for the dashboards (issue 22.3), by everyone or by some people (a
 * department's current staff), by the time the passing attempt was submitted. Numbers only.
 */
@Service
public class TrainingSeries {

    /** A department is never this large; more ids would be a mistake, not a department. */
    static final int MAX_PEOPLE = 1000;

    private final JdbcClient jdbc;

    TrainingSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Passes per month; by these people only unless {@code people} is null. No one: every month zero. */
    @Transactional(readOnly = true)
    public List<Long> passes(@Nullable Collection<UUID> people, Months months) {
        if (people != null && people.isEmpty()) {
            return months.zeros();
        }
        if (people != null && people.size() > MAX_PEOPLE) {
            throw new IllegalArgumentException("too many people to count at once");
        }
        List<Object> params = new ArrayList<>(months.countParams());
        params.addAll(months.spanParams());
        String sql = "select " + months.countColumns("submitted_at")
                + " from training_attempt where submitted_at >= ? and submitted_at < ? and passed = true";
        if (people != null) {
            sql += " and employee_id in (" + Months.marks(people.size()) + ")";
            params.addAll(people);
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> months.read(rs)).single();
    }
}
