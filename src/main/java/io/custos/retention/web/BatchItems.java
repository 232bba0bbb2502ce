package io.custos.retention.web;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only queries behind a batch's page (issue 16.3): its items in pages and how far its execution
 * has come. The callers read the batch through {@code DestructionBatches.get} first, which decides
 * whether the person may see it. Nothing here changes a row.
 */
@Component
@Transactional(readOnly = true)
class BatchItems {

    record Item(UUID customerId, String category, @Nullable String ruleCode, boolean factsKept,
            @Nullable String outcome) {
    }

    private final JdbcClient jdbc;

    BatchItems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Item> items(UUID batchId, int offset, int limit) {
        return jdbc.sql("select customer_id, category, rule_code, facts_kept, outcome from destruction_item "
                + "where batch_id = ? order by customer_id offset " + Math.max(0, offset) + " rows fetch next "
                + Math.max(1, limit) + " rows only")
                .param(batchId)
                .query((rs, n) -> new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5)))
                .list();
    }

    /** How many of a batch's items have an outcome: its execution's progress. */
    int done(UUID batchId) {
        return jdbc.sql("select count(*) from destruction_item where batch_id = ? and outcome is not null")
                .param(batchId).query(Integer.class).single();
    }
}
