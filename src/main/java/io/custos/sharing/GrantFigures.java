package io.custos.sharing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing counted for an inspection (issue 20.2) and for the compliance map (issue 22, R-USE-3,
 * R-ORG-3): the grants in force, and those whose recipient holds no valid confidentiality agreement.
 */
@Service
public class GrantFigures {

    /** A grant in force at the instant: not revoked, within its dates. */
    private static final String IN_FORCE = "g.revoked_at is null and g.valid_from <= ? and g.valid_until > ?";

    private final JdbcClient jdbc;
    private final Partners partners;

    GrantFigures(JdbcClient jdbc, Partners partners) {
        this.jdbc = jdbc;
        this.partners = partners;
    }

    /** How many grants requested by the department are in force at the instant (not revoked, within their dates). */
    @Transactional(readOnly = true)
    public int activeFor(UUID departmentId, Instant at) {
        var moment = at.atOffset(ZoneOffset.UTC);
        return jdbc.sql("select count(*) from sharing_grant g join sharing_request r on r.id = g.request_id "
                + "where r.department_id = ? and " + IN_FORCE)
                .params(departmentId, moment, moment).query(Integer.class).single();
    }

    /**
     * How many grants of the whole company are in force at the instant (not revoked, within their
     * dates): every one lets someone outside the owning department read customer data now (R-USE-3).
     */
    @Transactional(readOnly = true)
    public int active(Instant at) {
        var moment = at.atOffset(ZoneOffset.UTC);
        return jdbc.sql("select count(*) from sharing_grant g where " + IN_FORCE)
                .params(moment, moment).query(Integer.class).single();
    }

    /**
     * How many grants in force at the instant (requested by the department, or by anyone when
     * {@code departmentId} is null) have a recipient without a valid confidentiality agreement that
     * day, by the register's own rule ({@link Partners#ndaInForce}): a partner needs an agreement
     * covering the day and must be active; a department needs one only when it is flagged as needing
     * one. The policy lets nothing be shared without such an agreement (R-ORG-3), so each is a breach.
     * The grants are counted per recipient in the database; the rule is asked once per recipient.
     */
    @Transactional(readOnly = true)
    public int withoutValidNda(@Nullable UUID departmentId, Instant at) {
        var moment = at.atOffset(ZoneOffset.UTC);
        List<Object> params = new ArrayList<>();
        if (departmentId != null) {
            params.add(departmentId);
        }
        params.add(moment);
        params.add(moment);
        record Held(Recipient recipient, int grants) {
        }
        List<Held> held = jdbc.sql("select g.recipient_type, g.recipient_id, count(*) from sharing_grant g "
                + (departmentId == null ? "where " : "join sharing_request r on r.id = g.request_id where r.department_id = ? and ")
                + IN_FORCE + " group by g.recipient_type, g.recipient_id")
                .params(params)
                .query((rs, n) -> new Held(new Recipient(RecipientType.valueOf(rs.getString(1)),
                        rs.getObject(2, UUID.class)), rs.getInt(3)))
                .list();
        return held.stream().filter(h -> !partners.ndaInForce(h.recipient(), at)).mapToInt(Held::grants).sum();
    }
}
