package io.custos.handover;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/** The handover's audit vocabulary ({@code handover.*}): case and item ids, kinds, outcomes, people by id. */
@Component
class HandoverAudit {

    static final String CASE = "handover-case";

    private final AuditLog audit;

    HandoverAudit(AuditLog audit) {
        this.audit = audit;
    }

    void handover(String action, UUID caseId, Map<String, ?> details, Actor by) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(CASE, caseId)
                .actor(by);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void refused(String action, UUID caseId, String reason, Actor by) {
        audit.record(AuditEvent.of(AuditCategory.SECURITY, action, AuditOutcome.DENIED).target(CASE, caseId)
                .actor(by).detail("reason", reason).build());
    }
}
