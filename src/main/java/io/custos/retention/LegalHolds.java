package io.custos.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.access.Subjects;
import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.Times;

/**
 * Legal holds (issue 16.4, R-DEL-5): the administration department or a security administrator
 * places one on a customer with a reason when a complaint, claim, incident, litigation or a
 * regulator's request makes its records evidence; while it is active nothing of the customer can be
 * proposed for, approved for or executed in a destruction ({@code 409 legal-hold}, the hold named).
 * Releasing takes a reason too. A salesperson cannot place one: a hold would otherwise keep a
 * customer past every retention rule.
 */
@Service
@Transactional
public class LegalHolds {

    private static final String COLUMNS = "id, customer_id, kind, reference, reason, placed_by, placed_at, released_by, "
            + "released_at, release_reason";
    private static final RowMapper<LegalHold> MAPPER = (rs, n) -> new LegalHold(rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class), HoldKind.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
            rs.getObject(6, UUID.class), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getObject(8, UUID.class),
            rs.getObject(9, OffsetDateTime.class) == null ? null : rs.getObject(9, OffsetDateTime.class).toInstant(),
            rs.getString(10));

    private final JdbcClient jdbc;
    private final Subjects subjects;
    private final RetentionAudit audit;
    private final Clock clock;
    private final Times times;

    LegalHolds(JdbcClient jdbc, Subjects subjects, RetentionAudit audit, Clock clock, Times times) {
        this.times = times;
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    public LegalHold place(UUID customerId, @Nullable HoldKind kind, @Nullable String reference,
            @Nullable String reason, CustosUser by) {
        requireHoldRole(by);
        if (kind == null) {
            throw DomainException.unprocessable("legal-hold-kind-required", Map.of("field", "kind"));
        }
        if (subjects.find(customerId).isEmpty()) {
            throw DomainException.notFound();
        }
        String why = RetentionTexts.required(reason, "reason");
        String ref = RetentionTexts.optional(reference, "reference", 100);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("insert into legal_hold (id, customer_id, kind, reference, reason, placed_by, placed_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, customerId, kind.name(), ref, why, by.id(), RetentionRules.utc(now)).update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customer", customerId);
        details.put("holdKind", kind.name());
        details.put("reasonDigest", RetentionAudit.digest(why));
        audit.record("retention.hold.placed", RetentionAudit.HOLD, id, details);
        return find(id).orElseThrow();
    }

    /**
     * The hold an open complaint or claim keeps on its customer (issue 19.6): placed when the case is
     * filed, by whoever filed it (the customer through the portal, or the employee who entered it),
     * with the case's reference as reference and reason. Only casework calls this, for its own cases.
     */
    public LegalHold placeForCase(UUID customerId, HoldKind kind, String caseReference, UUID placedBy) {
        if (subjects.find(customerId).isEmpty()) {
            throw DomainException.notFound();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("insert into legal_hold (id, customer_id, kind, reference, reason, placed_by, placed_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, customerId, kind.name(), caseReference, caseReference, placedBy, RetentionRules.utc(now))
                .update();
        audit.record("retention.hold.placed", RetentionAudit.HOLD, id,
                Map.of("customer", customerId, "holdKind", kind.name(), "caseReference", caseReference));
        return find(id).orElseThrow();
    }

    /** Releases a case's hold when the case closes; one already released by hand stays as it is. */
    public void releaseForCase(UUID holdId, String caseReference, UUID releasedBy) {
        LegalHold hold = find(holdId).orElseThrow(DomainException::notFound);
        int released = jdbc.sql("update legal_hold set released_by = ?, released_at = ?, release_reason = ? "
                + "where id = ? and released_at is null")
                .params(releasedBy, RetentionRules.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)), caseReference,
                        holdId)
                .update();
        if (released == 1) {
            audit.record("retention.hold.released", RetentionAudit.HOLD, holdId, Map.of("customer", hold.customerId(),
                    "holdKind", hold.kind().name(), "caseReference", caseReference));
        }
    }

    public LegalHold release(UUID holdId, @Nullable String reason, CustosUser by) {
        requireHoldRole(by);
        LegalHold hold = find(holdId).orElseThrow(DomainException::notFound);
        String why = RetentionTexts.required(reason, "reason");
        int released = jdbc.sql("update legal_hold set released_by = ?, released_at = ?, release_reason = ? "
                + "where id = ? and released_at is null")
                .params(by.id(), RetentionRules.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)), why, holdId)
                .update();
        if (released != 1) {
            throw DomainException.conflict("legal-hold-released");
        }
        audit.record("retention.hold.released", RetentionAudit.HOLD, holdId, Map.of("customer", hold.customerId(),
                "holdKind", hold.kind().name(), "reasonDigest", RetentionAudit.digest(why)));
        return find(holdId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public java.util.Optional<LegalHold> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from legal_hold where id = ?").param(id).query(MAPPER).optional();
    }

    /** Every hold of a customer, active first, newest first. */
    @Transactional(readOnly = true)
    public List<LegalHold> of(UUID customerId) {
        return jdbc.sql("select " + COLUMNS + " from legal_hold where customer_id = ? "
                + "order by case when released_at is null then 0 else 1 end, placed_at desc")
                .param(customerId).query(MAPPER).list();
    }

    /** The active holds, newest first. */
    @Transactional(readOnly = true)
    public List<LegalHold> active() {
        return jdbc.sql("select " + COLUMNS + " from legal_hold where released_at is null order by placed_at desc")
                .query(MAPPER).list();
    }

    /** The active holds on any of these customers, in chunks a database accepts in one IN list. */
    @Transactional(readOnly = true)
    public List<LegalHold> activeOn(Collection<UUID> customerIds) {
        List<UUID> ids = List.copyOf(customerIds);
        List<LegalHold> holds = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            holds.addAll(jdbc.sql("select " + COLUMNS + " from legal_hold where released_at is null and customer_id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") order by placed_at")
                    .params(List.copyOf(chunk)).query(MAPPER).list());
        }
        return holds;
    }

    /**
     * Refuses with {@code 409 legal-hold} when any of these customers is held, naming the first hold
     * (its kind and the day it was placed) and how many there are.
     */
    void refuseIfHeld(Collection<UUID> customerIds) {
        List<LegalHold> holds = activeOn(customerIds);
        if (!holds.isEmpty()) {
            throw held(holds, times.zone());
        }
    }

    static DomainException held(List<LegalHold> holds, java.time.ZoneId zone) {
        LegalHold first = holds.get(0);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("holdId", first.id());
        properties.put("holdKind", first.kind().name());
        properties.put("placedAt", first.placedAt());
        properties.put("holds", holds.size());
        return new DomainException("legal-hold", HttpStatus.CONFLICT, properties,
                new DefaultMessageSourceResolvable("retention.holdKind." + first.kind().name()),
                first.placedAt().atZone(zone).toLocalDate().toString(), holds.size());
    }

    private static void requireHoldRole(CustosUser by) {
        if (!by.hasRole(Role.ADMIN_OFFICER) && !by.hasRole(Role.SECURITY_ADMIN)) {
            throw new DomainException("legal-hold-not-allowed", HttpStatus.FORBIDDEN);
        }
    }
}
