package io.custos.audit;

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
 * Counts of the log's events for other modules' figures (issue 20.2: an inspection counts a
 * department's reveals, refusals and exports over a quarter). Numbers only; like {@link AuditFacts}
 * it records nothing, and the caller decides who sees the answer.
 */
@Service
public class AuditCounts {

    /** A department is never this large; more ids would be a mistake, not a department. */
    static final int MAX_ACTORS = 1000;

    private final JdbcClient jdbc;

    AuditCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many events of this action and outcome these actors caused from {@code from} up to, not including, {@code until}. */
    @Transactional(readOnly = true)
    public long count(String action, AuditOutcome outcome, Collection<UUID> actors, Instant from, Instant until) {
        if (actors.isEmpty() || !until.isAfter(from)) {
            return 0;
        }
        if (actors.size() > MAX_ACTORS) {
            throw new IllegalArgumentException("too many actors to count at once");
        }
        List<Object> params = new ArrayList<>();
        params.add(action);
        params.add(outcome.name());
        params.add(from.atOffset(ZoneOffset.UTC));
        params.add(until.atOffset(ZoneOffset.UTC));
        params.addAll(actors);
        return jdbc.sql("select count(*) from audit_event where action = ? and outcome = ? and at >= ? and at < ? "
                + "and actor_id in (" + String.join(", ", Collections.nCopies(actors.size(), "?")) + ")")
                .params(params).query(Long.class).single();
    }
}
