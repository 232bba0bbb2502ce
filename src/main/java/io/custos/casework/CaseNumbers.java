package io.custos.casework;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Case references, {@code CW-<year>-<six digits>}, counted per year. The counter row's update holds
 * its lock until the case's transaction ends, so two cases filed at once get two numbers; a year's
 * first row is created in a transaction of its own, where losing the race costs nothing.
 */
@Component
class CaseNumbers {

    private final JdbcClient jdbc;
    private final TransactionTemplate separately;

    CaseNumbers(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    String next(int year) {
        if (jdbc.sql("update casework_counter set last_number = last_number + 1 where counter_year = ?").param(year)
                .update() == 0) {
            try {
                separately.executeWithoutResult(status -> jdbc
                        .sql("insert into casework_counter (counter_year, last_number) values (?, 0)").param(year).update());
            } catch (DuplicateKeyException createdMeanwhile) {
                // Another case created the year's row first: counting on from it is all that is needed.
            }
            jdbc.sql("update casework_counter set last_number = last_number + 1 where counter_year = ?").param(year).update();
        }
        int number = jdbc.sql("select last_number from casework_counter where counter_year = ?").param(year)
                .query(Integer.class).single();
        return "CW-%d-%06d".formatted(year, number);
    }
}
