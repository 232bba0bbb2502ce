package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.custos.access.AccessDecisions;
import io.custos.support.IntegrationTest;

/**
 * Exact searches start from the value indexes (R-STO-6 at scale): on H2 a sub-query was evaluated
 * again per customer in scope and a page took minutes at 200,000 customers, so the plan itself is
 * checked — the customer is reached by its key from the row the blind index found.
 */
@IntegrationTest
class CustomerSearchPlanTests {

    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;
    @Autowired FieldCatalog catalog;
    @Autowired ValueStore values;

    final AccessDecisions.Scope owner = new AccessDecisions.Scope(UUID.randomUUID(), false, true, null);

    @BeforeEach
    void onH2() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue(connection.getMetaData().getDatabaseProductName().equals("H2"),
                    "PostgreSQL plans a correlated exists as a semi-join; the plan check is for H2");
        }
    }

    @Test
    void anExactSearchOnAnEncryptedFieldStartsFromTheBlindIndexAndReachesTheCustomerByItsKey() {
        String plan = plan(new CustomerListing.CustomerQuery("+86 139 2468 1357", null, null, null, 0, 20));
        assertThat(plan).contains("CUSTOMER_VALUE_BLIND").doesNotContain("\"ID\" IN(");
        assertThat(plan.indexOf("\"F0\"")).as(plan).isLessThan(plan.indexOf("\"CUSTOMER\" \"C\""));
    }

    @Test
    void combinedExactFiltersEachStartFromTheirIndex() {
        String plan = plan(new CustomerListing.CustomerQuery("13924681357", "li.ming@example-trade.cn", null, "Li",
                0, 20));
        assertThat(plan).contains("\"F0\"", "\"F1\"", "CUSTOMER_VALUE_BLIND").doesNotContain("\"ID\" IN(");
        assertThat(plan.indexOf("\"CUSTOMER\" \"C\"")).as(plan).isGreaterThan(plan.indexOf("\"F0\""));
    }

    @Test
    void aNamePrefixIsCheckedPerCustomerInScopeThroughTheValueKey() {
        String plan = plan(new CustomerListing.CustomerQuery(null, null, null, "Bench", 0, 20));
        assertThat(plan).contains("\"V\".\"CUSTOMER_ID\" = \"C\".\"ID\"").doesNotContain("\"ID\" IN(");
    }

    private String plan(CustomerListing.CustomerQuery query) {
        CustomerSearch.Where where = CustomerSearch.where(query, owner, catalog, values);
        return String.join("\n", jdbc.sql("explain select c.id from " + where.fromWhere()
                + " order by c.created_at desc, c.id offset 0 rows fetch next 20 rows only")
                .params(where.params()).query(String.class).list());
    }
}
