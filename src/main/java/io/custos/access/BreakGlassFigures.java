package io.custos.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergency accesses counted for an inspection (issue 20.2): how many these people opened in a
 * period and how many of those have been reviewed. Numbers only; nobody's justification.
 */
@Service
public class BreakGlassFigures {

    private final JdbcClient jdbc;

    BreakGlassFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Figures(int opened, int reviewed) {
    }

    @Transactional(readOnly = true)
    public Figures openedBy(Collection<UUID> people, Instant from, Instant until) {
        if (people.isEmpty() || !until.isAfter(from)) {
            return new Figures(0, 0);
        }
        List<Object> params = new ArrayList<>();
        params.add(from.atOffset(ZoneOffset.UTC));
        params.add(until.atOffset(ZoneOffset.UTC));
        params.addAll(people);
        return jdbc.sql("select count(*), count(reviewed_at) from break_glass where requested_at >= ? and requested_at < ? "
                + "and employee_id in (" + String.join(", ", Collections.nCopies(people.size(), "?")) + ")")
                .params(params).query((rs, n) -> new Figures(rs.getInt(1), rs.getInt(2))).single();
    }
}
