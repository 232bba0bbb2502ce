package io.custos.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Actor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sealed audit events as an ordered stream, for the security monitoring (issue 21, R-SUP-3).
 * <p>
 * Only sealed events are streamed: within one chain the sealer assigns {@code seq} under the chain's
 * lock, in one transaction per batch, so a reader that asks for "after seq n" never misses an event
 * that commits later with a smaller number, which reading by insertion id could. Like
 * {@link AuditFacts} this records nothing; the caller decides who sees what it answers.
 */
@Service
public class AuditStream {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, chain, seq, at, action, outcome, actor_type, actor_id, target_type, "
            + "target_id, client_address, details";

    private final JdbcClient jdbc;
    /** Reads long runs a thousand rows at a time (PostgreSQL would otherwise hold them all in memory). */
    private final JdbcClient streaming;

    AuditStream(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(1000);
        this.streaming = JdbcClient.create(template);
    }

    /**
     * One sealed event as monitoring reads it: ids, codes and the client address, never a value.
     *
     * @param row the event's row id (stable, and what an alert links to)
     */
    public record StreamEvent(long row, String chain, long seq, Instant at, String action, AuditOutcome outcome,
            Actor.ActorType actorType, @Nullable UUID actorId, @Nullable String targetType, @Nullable String targetId,
            @Nullable String clientAddress, Map<String, Object> details) {

        /** The target as a UUID when it is one (a customer, an employee), else null. */
        public @Nullable UUID targetUuid() {
            if (targetId == null || targetId.length() != 36) {
                return null;
            }
            try {
                return UUID.fromString(targetId);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
        }
    }

    /** Every chain that has sealed anything, with its last sealed seq. */
    @Transactional(readOnly = true)
    public Map<String, Long> chains() {
        Map<String, Long> chains = new java.util.TreeMap<>();
        jdbc.sql("select chain, last_seq from audit_chain").query((rs, n) -> chains.put(rs.getString(1), rs.getLong(2)))
                .list();
        return chains;
    }

    /**
     * The sealed events of one chain after {@code afterSeq}, in seq order, at most {@code limit}.
     * <p>
     * The sealer numbers a chain without gaps, so the next {@code limit} events are the seq range
     * right after {@code afterSeq}: asked as a range, the database reads those rows alone. Asked for
     * the first n of everything after it, PostgreSQL with statistics older than a large backlog (an
     * evaluator catching up after a stop) sorted the whole backlog for every batch (issue 21.3
     * benchmark: 2.4 s per batch with 560,000 events behind). Only when the range comes back short
     * while later events exist (events taken out of the table before they were read) is the open
     * question asked.
     */
    @Transactional(readOnly = true)
    public List<StreamEvent> after(String chain, long afterSeq, int limit) {
        int n = Math.max(1, limit);
        List<StreamEvent> range = jdbc.sql("select " + COLUMNS + " from audit_event where chain = ? and seq > ? and seq <= ? "
                + "order by seq").params(chain, afterSeq, afterSeq + n).query(AuditStream::event).list();
        if (range.size() == n || jdbc.sql("select count(*) from audit_event where chain = ? and seq > ?")
                .params(chain, afterSeq + n).query(Long.class).single() == 0) {
            return range;
        }
        return jdbc.sql("select " + COLUMNS + " from audit_event where chain = ? and seq > ? order by seq fetch first "
                + n + " rows only").params(chain, afterSeq).query(AuditStream::event).list();
    }

    /**
     * The sealed events from {@code from} up to and including, per chain, the seq given for it, in time
     * order, handed one by one (a restarted evaluation rebuilds its windows from them).
     */
    @Transactional(readOnly = true)
    public void window(Map<String, Long> throughSeq, Instant from, Consumer<StreamEvent> each) {
        window(throughSeq, from, null, List.of(), each);
    }

    /**
     * As {@link #window(Map, Instant, Consumer)}, before {@code until} when given, and only of the given
     * actions when there are any (a rebuild reaches further back only for the few events a long window
     * needs).
     */
    @Transactional(readOnly = true)
    public void window(Map<String, Long> throughSeq, Instant from, @Nullable Instant until, Collection<String> actions,
            Consumer<StreamEvent> each) {
        if (throughSeq.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        params.add(from.atOffset(ZoneOffset.UTC));
        StringBuilder where = new StringBuilder(" where at >= ?");
        if (until != null) {
            where.append(" and at < ?");
            params.add(until.atOffset(ZoneOffset.UTC));
        }
        if (!actions.isEmpty()) {
            where.append(" and action in (").append(String.join(", ", Collections.nCopies(actions.size(), "?")))
                    .append(')');
            params.addAll(actions);
        }
        List<String> chains = new ArrayList<>();
        throughSeq.forEach((chain, seq) -> {
            chains.add("(chain = ? and seq <= ?)");
            params.add(chain);
            params.add(seq);
        });
        streaming.sql("select " + COLUMNS + " from audit_event" + where + " and seq is not null and ("
                + String.join(" or ", chains) + ") order by at, id").params(params)
                .query((ResultSet rs) -> {
                    each.accept(event(rs, 0));
                });
    }

    /**
     * Every sealed event of every chain from {@code from} up to, not including, {@code until}, in time
     * order, at most {@code limit}, handed one by one (a rule's test over the last 30 days).
     *
     * @return how many were handed
     */
    @Transactional(readOnly = true)
    public long between(Instant from, Instant until, long limit, Consumer<StreamEvent> each) {
        long[] handed = {0};
        streaming.sql("select " + COLUMNS + " from audit_event where at >= ? and at < ? and seq is not null "
                + "order by at, id fetch first " + Math.max(1, limit) + " rows only")
                .params(from.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC))
                .query((ResultSet rs) -> {
                    each.accept(event(rs, 0));
                    handed[0]++;
                });
        return handed[0];
    }

    /** The events of these row ids, in time order (the evidence an alert links to). */
    @Transactional(readOnly = true)
    public List<StreamEvent> rows(Collection<Long> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<StreamEvent> found = new ArrayList<>();
        List<Long> all = List.copyOf(rows);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> part = all.subList(from, Math.min(all.size(), from + 500));
            found.addAll(jdbc.sql("select " + COLUMNS + " from audit_event where id in ("
                    + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")
                    .params(new ArrayList<Object>(part)).query(AuditStream::event).list());
        }
        found.sort(java.util.Comparator.comparing(StreamEvent::at).thenComparing(StreamEvent::row));
        return found;
    }

    @SuppressWarnings("unchecked")
    private static StreamEvent event(ResultSet rs, int n) throws SQLException {
        String actorType = rs.getString(7);
        return new StreamEvent(rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), AuditOutcome.valueOf(rs.getString(6)),
                Actor.ActorType.valueOf(actorType), rs.getObject(8, UUID.class), rs.getString(9), rs.getString(10),
                rs.getString(11), Collections.unmodifiableMap((Map<String, Object>) JSON.readValue(rs.getString(12),
                        Map.class)));
    }
}
