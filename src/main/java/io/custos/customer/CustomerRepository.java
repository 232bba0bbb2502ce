package io.custos.customer;

import java.time.Instant;
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

    static final String COLUMNS = "c.id, c.owner_id, c.department_id, c.created_at, c.created_by, c.updated_at, c.version";
    static final RowMapper<CustomerRecord> MAPPER = (rs, n) -> new CustomerRecord(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getObject(4, OffsetDateTime.class).toInstant(),
            rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getLong(7));

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID ownerId, @Nullable UUID departmentId, UUID createdBy, Instant now) {
        jdbc.sql("insert into customer (id, owner_id, department_id, created_at, created_by, updated_at, version) "
                + "values (?, ?, ?, ?, ?, ?, 0)")
                .params(id, ownerId, departmentId, utc(now), createdBy, utc(now)).update();
    }

    Optional<CustomerRecord> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from customer c where c.id = ?").param(id).query(MAPPER).optional();
    }

    /** Bumps the version; false when someone else changed the record since {@code version}. */
    boolean touch(UUID id, long version, Instant now) {
        return jdbc.sql("update customer set version = version + 1, updated_at = ? where id = ? and version = ?")
                .params(utc(now), id, version).update() == 1;
    }

    /** One page of a search: the query's WHERE clause is built by {@link CustomerSearch} from fixed fragments. */
    /** {@code fromWhere}: a {@link CustomerSearch.Where} tail, from {@code customer c} on. */
    List<CustomerRecord> page(String fromWhere, List<Object> params, int offset, int size) {
        return jdbc.sql("select " + COLUMNS + " from " + fromWhere
                + " order by c.created_at desc, c.id offset " + offset + " rows fetch next " + size + " rows only")
                .params(params).query(MAPPER).list();
    }

    /** These customers, in no particular order; ids that no longer exist are left out. */
    List<CustomerRecord> findAll(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.sql("select " + COLUMNS + " from customer c where c.id in (" + marks + ")")
                .params(List.copyOf(ids)).query(MAPPER).list();
    }

    long count(String fromWhere, List<Object> params) {
        return jdbc.sql("select count(*) from " + fromWhere).params(params).query(Long.class).single();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
