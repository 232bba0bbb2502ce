package io.custos.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Facts other modules need from the log itself, where the log is the only record: what one person
 * did of one kind since an instant (a handover lists the customer files someone exported, which
 * exist nowhere else). Unlike {@link AuditSearch} this is not a person's search and records no
 * event: the caller decides who sees what it answers, and it answers ids, times and details only,
 * as the log holds them.
 */
@Service
public class AuditFacts {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A person's acts of one kind over a few months are few; more would be a runaway loop, not a list. */
    static final int MAX_ACTS = 500;

    private final JdbcClient jdbc;

    AuditFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One allowed act: the event's id, when, and its details. */
    public record Act(UUID eventId, Instant at, Map<String, Object> details) {
    }

    /** The person's allowed acts of this action since the instant, newest first (at most {@value #MAX_ACTS}). */
    @Transactional(readOnly = true)
    @SuppressWarnings("unchecked")
    public List<Act> actsOf(UUID actorId, String action, Instant since) {
        return jdbc.sql("""
                select event_id, at, details from audit_event
                where actor_id = ? and action = ? and outcome = 'ALLOWED' and at >= ?
                order by at desc, id desc fetch first %d rows only""".formatted(MAX_ACTS))
                .params(actorId, action, since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Act(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        (Map<String, Object>) JSON.readValue(rs.getString(3), Map.class)))
                .list();
    }
}
