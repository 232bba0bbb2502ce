package io.custos.whistleblowing;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;

/**
 * Whistleblowing's audit vocabulary ({@code whistleblowing.report.*}): report ids, codes, counts;
 * never what anyone wrote. What the reporter does is recorded {@linkplain AuditEvent.Builder#anonymous()
 * anonymously}: no person, client address or request id.
 */
@Component
class WhistleblowingAudit {

    static final String REPORT = "whistleblowing-report";

    private final AuditLog audit;

    WhistleblowingAudit(AuditLog audit) {
        this.audit = audit;
    }

    void byReporter(String action, UUID reportId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(REPORT, reportId)
                .anonymous();
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void byHandler(String action, UUID reportId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(REPORT, reportId);
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
