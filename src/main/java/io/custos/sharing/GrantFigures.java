package io.custos.sharing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sharing counted for an inspection (issue 20.2): the grants a department asked for that are in force. */
@Service
public class GrantFigures {

    private final JdbcClient jdbc;

    GrantFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many grants requested by the department are in force at the instant (not revoked, within their dates). */
    @Transactional(readOnly = true)
    public int activeFor(UUID departmentId, Instant at) {
        var moment = at.atOffset(ZoneOffset.UTC);
        return jdbc.sql("select count(*) from sharing_grant g join sharing_request r on r.id = g.request_id "
                + "where r.department_id = ? and g.revoked_at is null and g.valid_from <= ? and g.valid_until > ?")
                .params(departmentId, moment, moment).query(Integer.class).single();
    }
}
