package io.custos.access;

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
 * Emergency accesses per month for the dashboards (issue 22.3): how many were opened (by the time
 * asked) and how many reviewed (by the time of the review), by everyone or by some people. Numbers
 * only; nobody's justification.
 */
@Service
public class BreakGlassSeries {

    /** A department is never this large; more ids would be a mistake, not a department. */
    static final int MAX_PEOPLE = 1000;

    private final JdbcClient jdbc;

    BreakGlassSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Long> opened(@Nullable Collection<UUID> people, Months months) {
        return count("requested_at", people, months);
    }

    @Transactional(readOnly = true)
    public List<Long> reviewed(@Nullable Collection<UUID> people, Months months) {
        return count("reviewed_at", people, months);
    }

    private List<Long> count(String column, @Nullable Collection<UUID> people, Months months) {
        if (people != null && people.isEmpty()) {
            return months.zeros();
        }
        if (people != null && people.size() > MAX_PEOPLE) {
            throw new IllegalArgumentException("too many people to count at once");
        }
        List<Object> params = new ArrayList<>(months.countParams());
        params.addAll(months.spanParams());
        String sql = "select " + months.countColumns(column) + " from break_glass where " + column + " >= ? and "
                + column + " < ?";
        if (people != null) {
            sql += " and employee_id in (" + Months.marks(people.size()) + ")";
            params.addAll(people);
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> months.read(rs)).single();
    }
}
