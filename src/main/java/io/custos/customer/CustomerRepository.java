package io.custos.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

    static final String COLUMNS = "c.id, c.owner_id, c.department_id, c.created_at, c.created_by, c.updated_at, c.version, "
            + "c.last_contact_on, c.last_transaction_on";
    /**
     * The condition every read of customers carries (issue 16, R-DEL-3): a destroyed customer keeps
     * its row for the audit log's references only and is, everywhere else, a customer that never was.
     */
    static final String LIVE = "c.destroyed_at is null";
    static final RowMapper<CustomerRecord> MAPPER = (rs, n) -> new CustomerRecord(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, OffsetDateTime.class).toInstant(),
            rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getLong(7),
            rs.getObject(8, LocalDate.class), rs.getObject(9, LocalDate.class));

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID ownerId, @Nullable UUID departmentId, UUID createdBy, Instant now,
            @Nullable LocalDate lastContactOn, @Nullable LocalDate lastTransactionOn) {
        jdbc.sql("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version, "
                + "last_contact_on, last_transaction_on) values (?, ?, ?, ?, ?, ?, 0, ?, ?)")
                .params(id, ownerId, departmentId, utc(now), createdBy, utc(now), lastContactOn, lastTransactionOn)
                .update();
    }

    /** A live customer; a destroyed one is not found, exactly like an id that never existed. */
    Optional<CustomerRecord> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from customer c where c.id = ? and " + LIVE).param(id).query(MAPPER)
                .optional();
    }

    /** Sets the activity dates; false when the record changed since {@code version} (or is gone). */
    boolean recordActivity(UUID id, long version, @Nullable LocalDate lastContactOn,
            @Nullable LocalDate lastTransactionOn, Instant now) {
        return jdbc.sql("update customer set last_contact_on = ?, last_transaction_on = ?, version = version + 1, "
                + "updated_at = ? where id = ? and version = ? and destroyed_at is null")
                .params(lastContactOn, lastTransactionOn, utc(now), id, version).update() == 1;
    }

    /** Bumps the version; false when someone else changed the record since {@code version}. */
    boolean touch(UUID id, long version, Instant now) {
        return jdbc.sql("update customer set version = version + 1, updated_at = ? where id = ? and version = ? "
                + "and destroyed_at is null")
                .params(utc(now), id, version).update() == 1;
    }

    /** One page of a search: the query's WHERE clause is built by {@link CustomerSearch} from fixed fragments. */
    /** {@code fromWhere}: a {@link CustomerSearch.Where} tail, from {@code customer c} on. */
    List<CustomerRecord> page(String fromWhere, List<Object> params, int offset, int size) {
        return jdbc.sql("select " + COLUMNS + " from " + fromWhere
                + " order by c.created_at desc, c.id offset " + offset + " rows fetch next " + size + " rows only")
                .params(params).query(MAPPER).list();
    }

    /** These customers, in no particular order; ids that no longer exist, or were destroyed, are left out. */
    List<CustomerRecord> findAll(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.sql("select " + COLUMNS + " from customer c where c.id in (" + marks + ") and " + LIVE)
                .params(List.copyOf(ids)).query(MAPPER).list();
    }

    long count(String fromWhere, List<Object> params) {
        return jdbc.sql("select count(*) from " + fromWhere).params(params).query(Long.class).single();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
