package io.custos.sharing;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/** The export packages' audit vocabulary: ids, codes and counts, never a customer value or free text. */
@Component
class ExportAudit {

    static final String PACKAGE = "export-package";
    static final String DOWNLOAD = "export-download";

    private final AuditLog audit;

    ExportAudit(AuditLog audit) {
        this.audit = audit;
    }

    void exportPackage(String action, UUID packageId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED)
                .target(PACKAGE, packageId);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void exportPackageBy(Actor actor, String action, UUID packageId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED)
                .target(PACKAGE, packageId).actor(actor);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A refusal: its transaction rolls back, so it is recorded on its own. */
    void refused(String action, UUID packageId, String reason) {
        audit.recordAlone(AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.DENIED).target(PACKAGE, packageId)
                .detail("reason", reason).build());
    }

    void watermark(boolean found, String code, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "sharing.watermark.looked-up",
                found ? AuditOutcome.ALLOWED : AuditOutcome.DENIED);
        if (code.matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
            event.detail("code", code);
        }
        details.forEach(event::detail);
        if (found) {
            audit.record(event.build());
        } else {
            audit.recordAlone(event.detail("reason", "unknown-code").build());
        }
    }
}
