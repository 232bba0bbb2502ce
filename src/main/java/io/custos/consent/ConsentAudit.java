package io.custos.consent;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;

/** The consent module's audit vocabulary: ids, codes and flags only. */
@Component
class ConsentAudit {

    private final AuditLog audit;

    ConsentAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(AuditCategory category, String action, String targetType, Object targetId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.ALLOWED).target(targetType, targetId);
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
