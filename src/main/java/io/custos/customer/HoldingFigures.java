package io.custos.customer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry counted for the legal thresholds (issue 22.6): how many customers are held. A count
 * only, never a value; the catalog itself is {@link FieldCatalog#fields()}.
 */
@Service
public class HoldingFigures {

    private final JdbcClient jdbc;

    HoldingFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Customers in the registry that have not been destroyed. */
    @Transactional(readOnly = true)
    public long customersHeld() {
        return jdbc.sql("select count(*) from customer where destroyed_at is null").query(Long.class).single();
    }
}
