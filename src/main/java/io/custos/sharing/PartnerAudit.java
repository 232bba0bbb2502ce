package io.custos.sharing;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;

/**
 * The partner register's audit vocabulary (issue 15.5): partners, NDAs and their acceptance. Events
 * name partners, NDAs and fields by id and name; never a contact's details or the risk notes.
 */
@Component
class PartnerAudit {

    static final String PARTNER = "partner";
    static final String NDA = "nda";
    static final String DEPARTMENT = "department";

    private final AuditLog audit;

    PartnerAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, String targetType, UUID target, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.ADMINISTRATION, action, AuditOutcome.ALLOWED)
                .target(targetType, target);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A refusal worth keeping (a file that is not what it claims), whatever happens to the transaction. */
    void refused(String action, String targetType, UUID target, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.ADMINISTRATION, action, AuditOutcome.DENIED)
                .target(targetType, target);
        details.forEach(event::detail);
        audit.recordAlone(event.build());
    }

    static String targetType(Recipient recipient) {
        return recipient.type() == RecipientType.PARTNER ? PARTNER : DEPARTMENT;
    }
}
