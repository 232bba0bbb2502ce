package io.custos.incident;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The incident module's audit vocabulary ({@code incident.*}, {@code incident.risk.*}): ids, codes,
 * counts and dates; never what anyone wrote, and never who filed an anonymous report.
 */
@Component
class IncidentAudit {

    static final String RISK_REPORT = "risk-report";
    static final String INCIDENT = "incident";

    private final AuditLog audit;

    IncidentAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, String targetType, UUID id, Map<String, ?> details, @Nullable Actor by) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(targetType, id);
        if (by != null) {
            event.actor(by);
        }
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /**
     * Done by an anonymous reporter: stored as done by nobody, without the person signed in, the
     * client address or the request id of the request that made it.
     */
    void anonymous(String action, String targetType, UUID id, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(targetType, id)
                .anonymous();
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
