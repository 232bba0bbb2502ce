package io.custos.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import io.custos.support.IntegrationTest;

/**
 * Issue 16.9: in the demo the rules are in force, the first sweep has found Sales 2 customers past
 * their period (prospects and customers) and one falling due soon, and one of them is under a
 * legal hold placed by the administration officer.
 */
@IntegrationTest
@ActiveProfiles("demo")
class DemoRetentionTests {

    @Autowired JdbcClient jdbc;

    @Test
    void theFirstSweepFindsSalesTwoCustomersPastTheirPeriodAndOneIsHeld() {
        UUID salesTwo = jdbc.sql("select department_id from employee where username = 'huang.li'").query(UUID.class)
                .single();
        assertThat(jdbc.sql("select count(*) from retention_sweep").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("select d.rule_code from retention_due d join customer c on c.id = d.customer_id "
                + "where c.department_id = ? and d.due_on <= current_date").param(salesTwo).query(String.class).list())
                .contains("prospect-no-deal", "customer-inactive").hasSizeGreaterThanOrEqualTo(5);
        assertThat(jdbc.sql("select count(*) from retention_due d join customer c on c.id = d.customer_id "
                + "where c.department_id = ? and d.due_on > current_date").param(salesTwo).query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("select e.username from legal_hold h join employee e on e.id = h.placed_by "
                + "join retention_due d on d.customer_id = h.customer_id where h.released_at is null")
                .query(String.class).list()).containsExactly("wang.fang");
    }
}
