package io.custos.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How far the evaluation is behind the sealed audit log: the time of the oldest sealed event no
 * evaluation has read yet. Monitoring that silently stopped would be worse than none (everyone would
 * trust the quiet), so a lag over {@code custos.monitoring.max-lag} turns this node's health DOWN and
 * puts a task on the security administrators' home page. Reported only by nodes that evaluate.
 */
@Component("monitoring")
class MonitoringLag implements HealthIndicator {

    private final JdbcClient jdbc;
    private final MonitoringProperties properties;
    private final Clock clock;

    MonitoringLag(JdbcClient jdbc, MonitoringProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** When the oldest sealed event still to be evaluated happened; empty when every chain is read. */
    @Transactional(readOnly = true)
    public Optional<Instant> oldestWaiting() {
        return jdbc.sql("""
                select min(e.at) from audit_chain c
                left join monitoring_cursor m on m.chain = c.chain
                join audit_event e on e.chain = c.chain and e.seq = coalesce(m.last_seq, 0) + 1
                where c.last_seq > coalesce(m.last_seq, 0)""")
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .single();
    }

    /** Whether the evaluation is behind by more than the allowed lag (only where this node evaluates). */
    boolean behind() {
        if (!properties.enabled()) {
            return false;
        }
        Instant limit = clock.instant().minus(properties.maxLag());
        return oldestWaiting().map(at -> at.isBefore(limit)).orElse(false);
    }

    @Override
    public Health health() {
        if (!properties.enabled()) {
            return Health.unknown().build();
        }
        return behind() ? Health.down().build() : Health.up().build();
    }

    Duration maxLag() {
        return properties.maxLag();
    }
}
