package io.custos.access;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;

/** The access module's audit vocabulary: ids, rule ids, field names and reason codes, never a value. */
@Component
class AccessAudit {

    private final AuditLog audit;

    AccessAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(AuditCategory category, String action, String targetType, Object targetId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.ALLOWED).target(targetType, targetId);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A refusal whose transaction rolls back: recorded on its own. */
    void refused(AuditCategory category, String action, String targetType, Object targetId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.DENIED).target(targetType, targetId);
        details.forEach(event::detail);
        audit.recordAlone(event.build());
    }
}
