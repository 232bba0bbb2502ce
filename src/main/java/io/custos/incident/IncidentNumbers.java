package io.custos.incident;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * References per series and year: risk reports {@code RR-2026-000001}, incidents {@code INC-2026-0001}.
 * The counter row's update holds its lock until the caller's transaction ends; a year's first row is
 * created in a transaction of its own.
 */
@Component
class IncidentNumbers {

    private final JdbcClient jdbc;
    private final TransactionTemplate separately;

    IncidentNumbers(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    String riskReport(int year) {
        return "RR-%d-%06d".formatted(year, next("RR", year));
    }

    String incident(int year) {
        return "INC-%d-%04d".formatted(year, next("INC", year));
    }

    private int next(String series, int year) {
        String bump = "update incident_counter set last_number = last_number + 1 where series = ? and counter_year = ?";
        if (jdbc.sql(bump).params(series, year).update() == 0) {
            try {
                separately.executeWithoutResult(status -> jdbc.sql(
                        "insert into incident_counter (series, counter_year, last_number) values (?, ?, 0)")
                        .params(series, year).update());
            } catch (DuplicateKeyException createdMeanwhile) {
                // Another caller created the year's row first: counting on from it is all that is needed.
            }
            jdbc.sql(bump).params(series, year).update();
        }
        return jdbc.sql("select last_number from incident_counter where series = ? and counter_year = ?")
                .params(series, year).query(Integer.class).single();
    }
}
