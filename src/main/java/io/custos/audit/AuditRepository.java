package io.custos.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Inserts and reads {@code audit_event} rows; the only code that writes the table. */
@Repository
class AuditRepository {

    static final String COLUMNS = "event_id, chain, seq, at, category, action, outcome, actor_type, actor_id, "
            + "actor_name, target_type, target_id, purpose, client_address, request_id, details, prev_hash, hash";

    private static final String INSERT = "insert into audit_event (" + COLUMNS
            + ", tag) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    AuditRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(Tagged e) {
        jdbc.sql(INSERT).params(params(e)).update();
    }

    void insertAll(List<Tagged> events) {
        batch.batchUpdate(INSERT, events.stream().map(AuditRepository::params).toList());
    }

    /** An event with the authentication tag it is stored with. */
    record Tagged(StoredEvent event, String tag) {
    }

    private static Object[] params(Tagged tagged) {
        StoredEvent e = tagged.event();
        return new Object[] {e.eventId(), e.chain(), e.seq(), utc(e.at()), e.category(), e.action(), e.outcome(),
                e.actorType(), e.actorId(), e.actorName(), e.targetType(), e.targetId(), e.purpose(),
                e.clientAddress(), e.requestId(), e.details(), e.prevHash(), e.hash(), tagged.tag()};
    }

    /** Committed events of a chain not yet linked, oldest insert first. */
    List<Unsealed> unsealed(String chain, int limit) {
        return jdbc.sql("select id, " + COLUMNS + ", tag from audit_event where chain = ? and seq is null order by id "
                + "fetch first " + limit + " rows only")
                .param(chain)
                .query((rs, n) -> new Unsealed(rs.getLong("id"), map(rs), rs.getString("tag")))
                .list();
    }

    record Unsealed(long id, StoredEvent event, @Nullable String tag) {
    }

    /**
     * Moves a row the sealer refused out of the log into {@code audit_rejected_event}: kept as
     * evidence, never linked, never found by a search. Only an unsealed row can move.
     */
    boolean reject(Unsealed row, String reason, Instant at) {
        StoredEvent e = row.event();
        int deleted = jdbc.sql("delete from audit_event where id = ? and seq is null").param(row.id()).update();
        if (deleted != 1) {
            return false;
        }
        jdbc.sql("insert into audit_rejected_event (row_id, event_id, chain, at, category, action, outcome, actor_type, "
                + "actor_id, actor_name, target_type, target_id, purpose, client_address, request_id, details, tag, "
                + "reason, rejected_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(row.id(), e.eventId(), e.chain(), utc(e.at()), e.category(), e.action(), e.outcome(),
                        e.actorType(), e.actorId(), e.actorName(), e.targetType(), e.targetId(), e.purpose(),
                        e.clientAddress(), e.requestId(), e.details(), clipTag(row.tag()), reason, utc(at))
                .update();
        return true;
    }

    private static @Nullable String clipTag(@Nullable String tag) {
        return tag == null || tag.length() <= 64 ? tag : tag.substring(0, 64);
    }

    static StoredEvent map(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        Long sealedSeq = rs.wasNull() ? null : seq;
        return new StoredEvent(rs.getObject("event_id", UUID.class), rs.getString("chain"), sealedSeq,
                instant(rs.getObject("at", OffsetDateTime.class)), rs.getString("category"), rs.getString("action"),
                rs.getString("outcome"), rs.getString("actor_type"), rs.getObject("actor_id", UUID.class),
                rs.getString("actor_name"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("purpose"), rs.getString("client_address"), rs.getString("request_id"),
                rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at.toInstant();
    }
}
