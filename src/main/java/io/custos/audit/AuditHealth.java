package io.custos.audit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN when the sealer cannot link events or cannot append checkpoints to the file: events are still
 * recorded (writes do not depend on the sealer), but tampering would go unnoticed for longer, so
 * operations must hear about it. Only the status is public; details stay in the log.
 */
@Component("auditChain")
class AuditHealth implements HealthIndicator {

    private final AuditSealer sealer;

    AuditHealth(AuditSealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public Health health() {
        return sealer.healthy() ? Health.up().build() : Health.down().build();
    }
}
