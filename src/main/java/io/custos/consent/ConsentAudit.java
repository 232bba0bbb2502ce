package io.custos.consent;

import java.util.ArrayList;
import java.util.List;
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

    /** One event per target, with the details of each, inserted in one batch. */
    void recordAll(AuditCategory category, String action, String targetType, Map<?, ? extends Map<String, ?>> byTarget) {
        List<AuditEvent> events = new ArrayList<>(byTarget.size());
        byTarget.forEach((target, details) -> {
            AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.ALLOWED).target(targetType, target);
            details.forEach(event::detail);
            events.add(event.build());
        });
        audit.recordAll(events);
    }

    void record(AuditCategory category, String action, String targetType, Object targetId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.ALLOWED).target(targetType, targetId);
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
