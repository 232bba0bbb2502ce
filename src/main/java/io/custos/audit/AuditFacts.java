package io.custos.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.shared.Actor;
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

    /**
     * What counts as a use of a customer's data by staff or a partner, as the log names it on the
     * customer: a record looked at, a value shown in full (directly, under a grant or into an export
     * package), a record found by one of its confidential values, the record handed to another owner.
     * A plain export ({@code customer.records.exported}) names no customer, only counts and filters, so
     * it cannot be told to one customer; nor can a grant's creation, which names the grant.
     */
    static final List<String> USE_ACTIONS = List.of("customer.record.viewed", "customer.field.revealed",
            "customer.record.found-by-value", "customer.owner.transferred");
    /** A portal page shows a customer's recent uses; a full history is a request to the company. */
    static final int MAX_USES = 500;

    /**
     * One use of a customer's data: when, by which kind of actor and which id (never a name), the
     * action code, the declared purpose, and the field keys it concerned ({@code field} of a reveal,
     * {@code fields} of a search, the fields shown in clear of a view). {@code grant} and
     * {@code exportPackage} name the sharing grant or the export package it happened under.
     */
    public record Use(Instant at, Actor.ActorType actorType, @Nullable UUID actorId, String action,
            @Nullable String purpose, List<String> fields, @Nullable UUID grant, @Nullable UUID exportPackage) {

        public Use {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The latest allowed uses of the customer's data by staff and partners, newest first, at most
     * {@code limit} (capped at {@value #MAX_USES}). Read through the index on the target; the
     * customer's own acts and refusals (nothing was used) are left out, and so is the system's work
     * except a handover it completed on a leaving date, which moves the record to someone new.
     */
    @Transactional(readOnly = true)
    public List<Use> usesOf(UUID customerId, int limit) {
        int rows = Math.max(1, Math.min(limit, MAX_USES));
        List<Object> params = new ArrayList<>();
        params.add(customerId.toString());
        params.addAll(USE_ACTIONS);
        return jdbc.sql("""
                select at, actor_type, actor_id, action, purpose, details from audit_event
                where target_type = 'customer' and target_id = ? and outcome = 'ALLOWED'
                and action in (%s) and (actor_type in ('EMPLOYEE', 'PARTNER')
                    or (actor_type = 'SYSTEM' and action = 'customer.owner.transferred'))
                order by at desc, id desc fetch first %d rows only""".formatted(
                        String.join(", ", java.util.Collections.nCopies(USE_ACTIONS.size(), "?")), rows))
                .params(params)
                .query((rs, n) -> use(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    @SuppressWarnings("unchecked")
    private static Use use(Instant at, String actorType, @Nullable UUID actorId, String action,
            @Nullable String purpose, String json) {
        Map<String, Object> details = (Map<String, Object>) JSON.readValue(json, Map.class);
        List<String> fields = new ArrayList<>();
        if (details.get("field") instanceof String field) {
            fields.add(field);
        } else if (details.get("fields") instanceof List<?> list) {
            list.forEach(f -> fields.add(String.valueOf(f)));
        } else if (details.get("shown") instanceof List<?> list) {
            list.forEach(f -> fields.add(String.valueOf(f)));
        }
        UUID grant = uuid(details.get("grant"));
        if (grant == null && details.get("grants") instanceof List<?> pairs && !pairs.isEmpty()) {
            // A view names each field's grant as "field:grant"; the fields of one view share it.
            String pair = String.valueOf(pairs.get(0));
            grant = uuid(pair.substring(pair.indexOf(':') + 1));
        }
        return new Use(at, Actor.ActorType.valueOf(actorType), actorId, action, purpose, fields, grant,
                uuid(details.get("exportPackage")));
    }

    private static @Nullable UUID uuid(@Nullable Object value) {
        if (value instanceof String text) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException notAnId) {
                return null;
            }
        }
        return null;
    }
}
