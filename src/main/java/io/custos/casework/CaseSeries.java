package io.custos.casework;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Months;

/**
 * Customers' cases opened per month for the dashboards (issue 22.3), for the company or for one
 * department's customers, by the time the request was received. Numbers only.
 */
@Service
public class CaseSeries {

    private final JdbcClient jdbc;

    CaseSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Long> opened(@Nullable UUID department, Months months) {
        List<Object> params = new ArrayList<>(months.countParams());
        String sql = "select " + months.countColumns("received_at") + " from casework_case where ";
        if (department != null) {
            sql += "department_id = ? and ";
            params.add(department);
        }
        params.addAll(months.spanParams());
        return jdbc.sql(sql + "received_at >= ? and received_at < ?").params(params)
                .query((rs, n) -> months.read(rs)).single();
    }
}
