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
 * Searches start from the value indexes on both databases (R-STO-6 at scale): on H2 a correlated
 * {@code exists} ran once per customer in scope and took seconds at 200,000 customers, so the plan
 * itself is checked — the customer table is reached through the ids the blind or prefix index gave.
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
    void anExactSearchOnAnEncryptedFieldStartsFromTheBlindIndex() {
        String plan = plan(new CustomerRegistry.CustomerQuery("+86 139 2468 1357", null, null, null, 0, 20));
        assertThat(plan).contains("CUSTOMER_VALUE_BLIND").contains("\"C\".\"ID\" IN(")
                .doesNotContain("\"V\".\"CUSTOMER_ID\" = \"C\".\"ID\"");
    }

    @Test
    void aNamePrefixSearchStartsFromThePrefixIndex() {
        String plan = plan(new CustomerRegistry.CustomerQuery(null, null, null, "Bench", 0, 20));
        assertThat(plan).contains("CUSTOMER_VALUE_PREFIX").contains("\"C\".\"ID\" IN(")
                .doesNotContain("\"V\".\"CUSTOMER_ID\" = \"C\".\"ID\"");
    }

    @Test
    void combinedFiltersEachStartFromTheirIndex() {
        String plan = plan(new CustomerRegistry.CustomerQuery("13924681357", "li.ming@example-trade.cn", null, "Li",
                0, 20));
        assertThat(plan).contains("CUSTOMER_VALUE_BLIND").contains("CUSTOMER_VALUE_PREFIX")
                .doesNotContain("\"V\".\"CUSTOMER_ID\" = \"C\".\"ID\"");
    }

    private String plan(CustomerRegistry.CustomerQuery query) {
        CustomerSearch.Where where = CustomerSearch.where(query, owner, catalog, values);
        return String.join("\n", jdbc.sql("explain select count(*) from customer c where " + where.sql())
                .params(where.params()).query(String.class).list());
    }
}
