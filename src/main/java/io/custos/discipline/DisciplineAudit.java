package io.custos.discipline;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/** The penalties process's audit vocabulary ({@code discipline.*}): ids, kinds, amounts in fen; never a reason. */
@Component
class DisciplineAudit {

    static final String PROPOSAL = "discipline-proposal";
    static final String RECORD = "discipline-record";

    private final AuditLog audit;

    DisciplineAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, String targetType, UUID target, Map<String, ?> details, @Nullable Actor by) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(targetType, target);
        if (by != null) {
            event.actor(by);
        }
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A refused attempt, committed on its own while the caller's transaction rolls back. */
    void refused(String action, UUID target, String reason) {
        audit.recordAlone(AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.DENIED).target(PROPOSAL, target)
                .detail("reason", reason).build());
    }
}
