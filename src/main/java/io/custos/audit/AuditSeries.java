package io.custos.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Months;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log's events counted per month for the dashboards (issue 22.3): one action's outcomes, by
 * everyone or by some people, and the whole log's volume; and the state of each chain with the last
 * verification. Counted in the database through the indexes on the time (the log holds millions of
 * rows); numbers, times and chain names only. The caller decides who sees them.
 */
@Service
public class AuditSeries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AuditSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Events of this action and outcome per month; by these actors only unless {@code actors} is null
     * (everyone). No actor: every month zero.
     */
    @Transactional(readOnly = true)
    public List<Long> perMonth(String action, AuditOutcome outcome, @Nullable Collection<UUID> actors, Months months) {
        if (actors != null && actors.isEmpty()) {
            return months.zeros();
        }
        if (actors != null && actors.size() > AuditCounts.MAX_ACTORS) {
            throw new IllegalArgumentException("too many actors to count at once");
        }
        List<Object> params = new ArrayList<>(months.countParams());
        params.add(action);
        params.addAll(months.spanParams());
        params.add(outcome.name());
        String sql = "select " + months.countColumns("at") + " from audit_event where action = ? and at >= ? and at < ?"
                + " and outcome = ?";
        if (actors != null) {
            sql += " and actor_id in (" + Months.marks(actors.size()) + ")";
            params.addAll(actors);
        }
        return jdbc.sql(sql).params(params).query((rs, n) -> months.read(rs)).single();
    }

    /** All events per month, the log's volume. */
    @Transactional(readOnly = true)
    public List<Long> volume(Months months) {
        List<Object> params = new ArrayList<>(months.countParams());
        params.addAll(months.spanParams());
        return jdbc.sql("select " + months.countColumns("at") + " from audit_event where at >= ? and at < ?")
                .params(params).query((rs, n) -> months.read(rs)).single();
    }

    /**
     * A chain as its sealer left it: the last sealed sequence number and when that event happened, the
     * signed checkpoints and the time of the last one.
     */
    public record ChainState(String chain, long lastSeq, @Nullable Instant lastSealedAt, long checkpoints,
            @Nullable Instant lastCheckpointAt) {
    }

    @Transactional(readOnly = true)
    public List<ChainState> chains() {
        return jdbc.sql("""
                select c.chain, c.last_seq, c.checkpoints, c.checkpoint_at,
                    (select e.at from audit_event e where e.chain = c.chain and e.seq = c.last_seq)
                from audit_chain c order by c.chain""")
                .query((rs, n) -> new ChainState(rs.getString(1), rs.getLong(2), instant(rs.getObject(5,
                        OffsetDateTime.class)), rs.getLong(3), rs.getLong(3) == 0 ? null
                                : instant(rs.getObject(4, OffsetDateTime.class))))
                .list();
    }

    /** The last verification of the whole log someone asked for: when, whether valid, how many problems. */
    public record Verification(Instant at, boolean valid, long problems) {
    }

    @Transactional(readOnly = true)
    public @Nullable Verification lastVerification() {
        return jdbc.sql("""
                select at, details from audit_event where action = 'audit.log.verified' and outcome = 'ALLOWED'
                order by at desc, id desc fetch first 1 rows only""")
                .query((rs, n) -> verification(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)))
                .optional().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Verification verification(Instant at, String json) {
        Map<String, Object> details = (Map<String, Object>) JSON.readValue(json, Map.class);
        boolean valid = Boolean.TRUE.equals(details.get("valid")) || "true".equals(details.get("valid"));
        long problems = details.get("problems") instanceof Number n ? n.longValue()
                : details.get("problems") instanceof String s && s.matches("\\d{1,9}") ? Long.parseLong(s) : 0;
        return new Verification(at, valid, problems);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
