package io.custos.retention;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The retention module's audit vocabulary: ids, counts, codes and dates. Reasons people write stay in
 * their tables; events carry their SHA-256.
 */
@Component
class RetentionAudit {

    static final String RULES = "retention-rules";
    static final String SWEEP = "retention-sweep";
    static final String HOLD = "legal-hold";
    static final String BATCH = "destruction-batch";
    static final String DELETION_REQUEST = "deletion-request";

    private final AuditLog audit;

    RetentionAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(String action, String type, Object id, Map<String, ?> details) {
        record(AuditCategory.DATA, action, type, id, details, null);
    }

    void administration(String action, String type, Object id, Map<String, ?> details) {
        record(AuditCategory.ADMINISTRATION, action, type, id, details, null);
    }

    /** An event of the system itself (the scheduled sweep, a resumed execution). */
    void bySystem(String action, String type, Object id, Map<String, ?> details, String job) {
        record(AuditCategory.DATA, action, type, id, details, Actor.system(job));
    }

    /** An event of the system about no single record (a replay of the destruction journal). */
    void bySystem(String action, AuditOutcome outcome, Map<String, ?> details, String job) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, outcome).actor(Actor.system(job));
        details.forEach(event::detail);
        audit.record(event.build());
    }

    private void record(AuditCategory category, String action, String type, Object id, Map<String, ?> details,
            @Nullable Actor actor) {
        AuditEvent.Builder event = AuditEvent.of(category, action, AuditOutcome.ALLOWED).target(type, id);
        if (actor != null) {
            event.actor(actor);
        }
        details.forEach(event::detail);
        audit.record(event.build());
    }

    static String digest(String text) {
        try {
            return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

}
