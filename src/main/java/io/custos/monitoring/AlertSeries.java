package io.custos.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Months;

/**
 * Security alerts raised per month for the dashboards (issue 22.3), for the company or about one
 * department's people (the department the person belonged to when the alert was raised). Counted
 * in the database; numbers only, the caller decides who sees them.
 */
@Service
public class AlertSeries {

    private final JdbcClient jdbc;

    AlertSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Long> raised(@Nullable UUID department, Months months) {
        List<Object> params = new ArrayList<>(months.countParams());
        String sql = "select " + months.countColumns("raised_at") + " from monitoring_alert where ";
        if (department != null) {
            sql += "department_id = ? and ";
            params.add(department);
        }
        params.addAll(months.spanParams());
        return jdbc.sql(sql + "raised_at >= ? and raised_at < ?").params(params).query((rs, n) -> months.read(rs))
                .single();
    }
}
