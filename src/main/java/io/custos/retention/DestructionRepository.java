package io.custos.retention;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DestructionRepository {

    private static final String COLUMNS = "id, number, source, department_id, reason, status, rule_version, method, "
            + "customer_count, destroyed_count, skipped_count, facts_kept_count, proposed_by, proposed_at, "
            + "head_approved_by, head_approved_at, admin_approved_by, admin_approved_at, rejected_by, rejected_at, "
            + "rejection_reason, executed_by, execution_started_at, executed_at, digest, version";

    private static final RowMapper<DestructionBatch> MAPPER = (rs, n) -> new DestructionBatch(rs.getObject(1, UUID.class),
            rs.getString(2), BatchSource.valueOf(rs.getString(3)), rs.getObject(4, UUID.class), rs.getString(5),
            BatchStatus.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8), rs.getInt(9),
            (Integer) rs.getObject(10, Integer.class), rs.getObject(11, Integer.class), rs.getObject(12, Integer.class),
            rs.getObject(13, UUID.class), instant(rs.getObject(14, OffsetDateTime.class)), rs.getObject(15, UUID.class),
            instant(rs.getObject(16, OffsetDateTime.class)), rs.getObject(17, UUID.class),
            instant(rs.getObject(18, OffsetDateTime.class)), rs.getObject(19, UUID.class),
            instant(rs.getObject(20, OffsetDateTime.class)), rs.getString(21), rs.getObject(22, UUID.class),
            instant(rs.getObject(23, OffsetDateTime.class)), instant(rs.getObject(24, OffsetDateTime.class)),
            rs.getString(25), rs.getLong(26));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DestructionRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** An item to insert: a customer and why it is in the batch. */
    record NewItem(UUID customerId, String category, @Nullable String ruleCode) {
    }

    void insert(DestructionBatch b, List<NewItem> items) {
        jdbc.sql("insert into destruction_batch (id, number, source, department_id, reason, status, rule_version, method, "
                + "customer_count, proposed_by, proposed_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
                .params(b.id(), b.number(), b.source().name(), b.departmentId(), b.reason(), b.status().name(),
                        b.ruleVersion(), b.method(), b.customerCount(), b.proposedBy(), ts(b.proposedAt()))
                .update();
        batch.batchUpdate("insert into destruction_item (batch_id, customer_id, category, rule_code) values (?, ?, ?, ?)",
                items.stream().map(i -> new Object[] {b.id(), i.customerId(), i.category(), i.ruleCode()}).toList());
    }

    Optional<DestructionBatch> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from destruction_batch where id = ?").param(id).query(MAPPER).optional();
    }

    /** The batch row, locked for this transaction: one chunk of an execution at a time, on any node. */
    Optional<DestructionBatch> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from destruction_batch where id = ? for update").param(id).query(MAPPER)
                .optional();
    }

    List<DestructionBatch> all() {
        return jdbc.sql("select " + COLUMNS + " from destruction_batch order by proposed_at desc").query(MAPPER).list();
    }

    List<DestructionBatch> withStatus(BatchStatus status) {
        return jdbc.sql("select " + COLUMNS + " from destruction_batch where status = ? order by proposed_at")
                .param(status.name()).query(MAPPER).list();
    }

    String nextNumber(int year) {
        String prefix = "D-" + year + "-";
        long count = jdbc.sql("select count(*) from destruction_batch where number like ?").param(prefix + "%")
                .query(Long.class).single();
        return prefix + String.format("%04d", count + 1);
    }

    /** Customers among these that are in an open batch already. */
    List<UUID> inOpenBatch(Collection<UUID> customerIds) {
        List<UUID> ids = List.copyOf(customerIds);
        List<UUID> found = new java.util.ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            found.addAll(jdbc.sql("select i.customer_id from destruction_item i join destruction_batch b on b.id = i.batch_id "
                    + "where b.status in ('PROPOSED', 'APPROVED', 'EXECUTING') and i.customer_id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")
                    .params(List.copyOf(chunk)).query(UUID.class).list());
        }
        return found;
    }

    List<UUID> customers(UUID batchId) {
        return jdbc.sql("select customer_id from destruction_item where batch_id = ? order by customer_id")
                .param(batchId).query(UUID.class).list();
    }

    record Item(UUID customerId, String category, @Nullable String ruleCode, boolean factsKept,
            @Nullable String outcome) {
    }

    List<Item> items(UUID batchId, int offset, int limit) {
        return jdbc.sql("select customer_id, category, rule_code, facts_kept, outcome from destruction_item "
                + "where batch_id = ? order by customer_id offset " + offset + " rows fetch next " + limit + " rows only")
                .param(batchId)
                .query((rs, n) -> new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5)))
                .list();
    }

    /** The next items still to execute. */
    List<Item> pending(UUID batchId, int limit) {
        return jdbc.sql("select customer_id, category, rule_code, facts_kept, outcome from destruction_item "
                + "where batch_id = ? and outcome is null order by customer_id fetch first " + limit + " rows only")
                .param(batchId)
                .query((rs, n) -> new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5)))
                .list();
    }

    /**
     * Marks a chunk's items, each by its full primary key. No "outcome is null" guard: chunks are
     * serialized by the batch row's lock, and with it PostgreSQL chose the pending-items index and
     * scanned what was left of the batch for every item (bench/results).
     */
    void outcomes(UUID batchId, Map<UUID, String> outcomes, Collection<UUID> factsKept) {
        batch.batchUpdate("update destruction_item set outcome = ? where batch_id = ? and customer_id = ?",
                outcomes.entrySet().stream().map(e -> new Object[] {e.getValue(), batchId, e.getKey()}).toList());
        batch.batchUpdate("update destruction_item set facts_kept = true where batch_id = ? and customer_id = ?",
                factsKept.stream().map(c -> new Object[] {batchId, c}).toList());
    }

    static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    record Counts(int destroyed, int skipped, int factsKept) {
    }

    Counts counts(UUID batchId) {
        return jdbc.sql("select sum(case when outcome = 'DESTROYED' then 1 else 0 end), "
                + "sum(case when outcome in ('HELD', 'GONE') then 1 else 0 end), "
                + "sum(case when facts_kept then 1 else 0 end) from destruction_item where batch_id = ?")
                .param(batchId)
                .query((rs, n) -> new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3))).single();
    }

    /** Counts per category of what was destroyed, for the record and the certificate. */
    Map<String, Integer> destroyedByCategory(UUID batchId) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("select category, count(*) from destruction_item where batch_id = ? and outcome = 'DESTROYED' "
                + "group by category").param(batchId)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    List<String> rulesApplied(UUID batchId) {
        return jdbc.sql("select distinct rule_code from destruction_item where batch_id = ? and rule_code is not null "
                + "order by rule_code").param(batchId).query(String.class).list();
    }

    /** A guarded update: true when the batch was in {@code from} (and at {@code version}) and moved. */
    boolean update(UUID id, long version, String assignments, Object... params) {
        Object[] all = new Object[params.length + 2];
        System.arraycopy(params, 0, all, 0, params.length);
        all[params.length] = id;
        all[params.length + 1] = version;
        return jdbc.sql("update destruction_batch set " + assignments + ", version = version + 1 "
                + "where id = ? and version = ?").params(all).update() == 1;
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
