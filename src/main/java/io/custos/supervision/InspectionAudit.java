package io.custos.supervision;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.shared.Actor;

/**
 * The audit vocabulary of inspections and rectifications ({@code supervision.inspection.*},
 * {@code supervision.rectification.*}): ids, quarters, scores, booleans, dates; never what the
 * inspector or the owner wrote.
 */
@Component
class InspectionAudit {

    static final String INSPECTION = "inspection";
    static final String RECTIFICATION = "rectification";
    static final String CHECKLIST = "inspection-checklist";

    private final AuditLog audit;

    InspectionAudit(AuditLog audit) {
        this.audit = audit;
    }

    void inspection(String action, UUID id, Map<String, ?> details) {
        record(action, INSPECTION, id, details, null);
    }

    void checklist(String action, UUID id, Map<String, ?> details) {
        record(action, CHECKLIST, id, details, null);
    }

    void rectification(String action, UUID id, Map<String, ?> details) {
        record(action, RECTIFICATION, id, details, null);
    }

    void rectification(String action, UUID id, Map<String, ?> details, Actor by) {
        record(action, RECTIFICATION, id, details, by);
    }

    private void record(String action, String type, UUID id, Map<String, ?> details, @org.jspecify.annotations.Nullable Actor by) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.ADMINISTRATION, action, io.custos.audit.AuditOutcome.ALLOWED)
                .target(type, id);
        if (by != null) {
            event.actor(by);
        }
        details.forEach(event::detail);
        audit.record(event.build());
    }
}
