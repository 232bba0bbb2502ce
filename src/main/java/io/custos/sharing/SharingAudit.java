package io.custos.sharing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * The sharing module's audit vocabulary: ids, field names, purposes and codes. A person's own words
 * (a refusal's or revocation's reason) stay in their tables; the event carries their SHA-256, so the
 * log proves what was written without repeating it.
 */
@Component
class SharingAudit {

    static final String REQUEST = "sharing-request";
    static final String GRANT = "sharing-grant";

    private final AuditLog audit;

    SharingAudit(AuditLog audit) {
        this.audit = audit;
    }

    void request(String action, UUID requestId, Map<String, ?> details) {
        record(action, REQUEST, requestId, details, null);
    }

    /** A change made on someone's behalf outside a web request (a handover, possibly run by a job): {@code by} is named. */
    void request(String action, UUID requestId, Map<String, ?> details, @Nullable Actor by) {
        record(action, REQUEST, requestId, details, by);
    }

    void grant(String action, UUID grantId, Map<String, ?> details) {
        record(action, GRANT, grantId, details, null);
    }

    void grant(String action, UUID grantId, Map<String, ?> details, @Nullable Actor by) {
        record(action, GRANT, grantId, details, by);
    }

    /** An event of the system itself (a grant reaching its end), not of the signed-in person. */
    void grantBySystem(String action, UUID grantId, Map<String, ?> details) {
        record(action, GRANT, grantId, details, Actor.system("sharing-grant-ends"));
    }

    private void record(String action, String type, UUID id, Map<String, ?> details, @Nullable Actor actor) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.DATA, action, AuditOutcome.ALLOWED).target(type, id);
        if (actor != null) {
            event.actor(actor);
        }
        details.forEach(event::detail);
        audit.record(event.build());
    }

    static String digest(String text) {
        try {
            // Prefixed so the value is an identifier the audit log accepts, as the access module's digests are.
            return "sha256:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
