package io.custos.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emergency accesses counted for an inspection (issue 20.2) and the compliance map (issue 22): how
 * many these people opened in a period and how many of those have been reviewed, and how many wait
 * for their review past its deadline. Numbers only; nobody's justification.
 */
@Service
public class BreakGlassFigures {

    private final JdbcClient jdbc;

    private final AccessProperties properties;

    BreakGlassFigures(JdbcClient jdbc, AccessProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
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

    /**
     * Emergency accesses still unreviewed {@code custos.access.break-glass-review-within} after they
     * were opened: opened by these people, or by anyone when {@code people} is null. Each is an
     * access to a customer's confidential values that nobody has checked was justified (R-USE-6).
     */
    @Transactional(readOnly = true)
    public int unreviewedPastDeadline(@Nullable Collection<UUID> people, Instant now) {
        if (people != null && people.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        params.add(now.minus(properties.breakGlassReviewWithin()).atOffset(ZoneOffset.UTC));
        String who = "";
        if (people != null) {
            params.addAll(people);
            who = " and employee_id in (" + String.join(", ", Collections.nCopies(people.size(), "?")) + ")";
        }
        return jdbc.sql("select count(*) from break_glass where reviewed_at is null and requested_at < ?" + who)
                .params(params).query(Integer.class).single();
    }
}
