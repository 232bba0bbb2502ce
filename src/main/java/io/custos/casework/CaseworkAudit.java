package io.custos.casework;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/** Casework's audit vocabulary ({@code casework.case.*}): case ids, types, codes, counts; never what anyone wrote. */
@Component
class CaseworkAudit {

    static final String CASE = "casework-case";

    private final AuditLog audit;

    CaseworkAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, UUID caseId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(CASE, caseId);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void record(String action, UUID caseId, Map<String, ?> details, Actor by) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(CASE, caseId)
                .actor(by);
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
