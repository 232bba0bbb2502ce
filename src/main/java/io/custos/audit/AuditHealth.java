package io.custos.audit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN when the sealer cannot link events or cannot append checkpoints to the file, and while an
 * alarm stands (issue 13.10: a broken chain found at start or by a verification, a chain shorter
 * than its checkpoints, forged rows refused). Events are still recorded (writes do not depend on
 * the sealer), but the log cannot be trusted as it is, so operations must hear about it. Only the
 * status is public; details stay in the log and the verification result.
 */
@Component("auditChain")
class AuditHealth implements HealthIndicator {

    private final AuditSealer sealer;
    private final AuditAlarm alarm;

    AuditHealth(AuditSealer sealer, AuditAlarm alarm) {
        this.sealer = sealer;
        this.alarm = alarm;
    }

    @Override
    public Health health() {
        return sealer.healthy() && alarm.quiet() ? Health.up().build() : Health.down().build();
    }
}
