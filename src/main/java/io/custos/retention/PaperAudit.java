package io.custos.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The paper register's audit vocabulary ({@code paper.*}): ids, codes and counts. Titles, locations,
 * purposes and reasons stay in the register's tables; a reason's SHA-256 goes in the event.
 */
@Component
class PaperAudit {

    static final String RECORD = "paper-record";
    static final String DESTRUCTION = "paper-destruction";

    private final AuditLog audit;

    PaperAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, UUID recordId, Map<String, ?> details) {
        event(action, RECORD, recordId, details, AuditOutcome.ALLOWED);
    }

    /** An event of a step someone other than the signed-in person may take: a handover job, for one. */
    void recordBy(Actor actor, String action, UUID recordId, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(RECORD, recordId)
                .actor(actor);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    void destruction(String action, UUID destructionId, Map<String, ?> details) {
        event(action, DESTRUCTION, destructionId, details, AuditOutcome.ALLOWED);
    }

    private void event(String action, String type, UUID id, Map<String, ?> details, AuditOutcome outcome) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, outcome).target(type, id);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    static String digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static String digest(byte[] bytes) {
        try {
            return "sha256:" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
