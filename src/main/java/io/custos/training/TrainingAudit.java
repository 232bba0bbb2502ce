package io.custos.training;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The training module's audit vocabulary: ids, states, counts and scores only, never a title, a
 * text or an answer. Each call joins the caller's transaction; refusals are recorded on their own.
 */
@Component
class TrainingAudit {

    static final String VERSION = "policy-version";
    static final String COURSE = "course";
    static final String ATTEMPT = "quiz-attempt";
    static final String ASSIGNMENT = "course-assignment";
    static final String REPORT = "training-report";

    private final AuditLog audit;
    private final TrainingChanges changes;

    TrainingAudit(AuditLog audit, TrainingChanges changes) {
        this.audit = audit;
        this.changes = changes;
    }

    /** A change, recorded in its transaction; the training gate forgets its answers. */
    void record(String action, String targetType, Object targetId, Map<String, ?> details) {
        audit.record(event(action, AuditOutcome.ALLOWED, targetType, targetId, details).build());
        changes.changed();
    }

    void recordBy(Actor actor, String action, String targetType, Object targetId, Map<String, ?> details) {
        audit.record(event(action, AuditOutcome.ALLOWED, targetType, targetId, details).actor(actor).build());
        changes.changed();
    }

    /** A refusal whose transaction rolls back: recorded on its own so it survives. */
    void refused(String action, String targetType, Object targetId, String reason) {
        audit.recordAlone(event(action, AuditOutcome.DENIED, targetType, targetId, Map.of("reason", reason)).build());
    }

    private static AuditEvent.Builder event(String action, AuditOutcome outcome, String targetType, Object targetId,
            Map<String, ?> details) {
        AuditEvent.Builder builder = AuditEvent.of(AuditCategory.ADMINISTRATION, action, outcome)
                .target(targetType, targetId);
        details.forEach(builder::detail);
        return builder;
    }
}
