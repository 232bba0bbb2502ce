package io.custos.incident;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Months;

/**
 * Incidents opened per month for the dashboards (issue 22.3). An incident belongs to the company,
 * not to a department, so there is only the company's series. Numbers only.
 */
@Service
public class IncidentSeries {

    private final JdbcClient jdbc;

    IncidentSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Long> opened(Months months) {
        List<Object> params = new ArrayList<>(months.countParams());
        params.addAll(months.spanParams());
        return jdbc.sql("select " + months.countColumns("opened_at")
                + " from incident_incident where opened_at >= ? and opened_at < ?").params(params)
                .query((rs, n) -> months.read(rs)).single();
    }
}
