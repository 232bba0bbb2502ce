package io.custos.identity;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The identity module's audit vocabulary: sign-in, lockout, tokens, second factor, passwords,
 * accounts, roles and departments (R-AUD-1). Each call joins the caller's transaction, so the
 * change and its event commit together.
 */
@Component
class IdentityAudit {

    static final String EMPLOYEE = "employee";
    static final String DEPARTMENT = "department";

    private final AuditLog audit;

    IdentityAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** An event about an account, by the signed-in person of the request unless {@code actor} is given. */
    void account(String action, AuditOutcome outcome, UUID employeeId, Map<String, ?> details) {
        audit.record(event(AuditCategory.SECURITY, action, outcome, EMPLOYEE, employeeId, details).build());
    }

    void accountBy(Actor actor, String action, AuditOutcome outcome, UUID employeeId, Map<String, ?> details) {
        audit.record(event(AuditCategory.SECURITY, action, outcome, EMPLOYEE, employeeId, details).actor(actor).build());
    }

    /**
     * A refused attempt whose transaction is about to roll back (wrong current password, wrong
     * enrolment code): recorded on its own so the refusal survives the rollback.
     */
    void refused(String action, UUID employeeId, String reason) {
        audit.recordAlone(event(AuditCategory.SECURITY, action, AuditOutcome.DENIED, EMPLOYEE, employeeId,
                Map.of("reason", reason)).build());
    }

    /** A refusal by someone who is no signed-in person (the console), recorded on its own. */
    void refusedBy(Actor actor, String action, UUID employeeId, Map<String, ?> details) {
        audit.recordAlone(event(AuditCategory.SECURITY, action, AuditOutcome.DENIED, EMPLOYEE, employeeId, details)
                .actor(actor).build());
    }

    /** Sign-out happens outside any transaction, hence on its own. */
    void signedOut(@Nullable Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof CustosUser user) {
            audit.recordAlone(event(AuditCategory.SECURITY, "identity.sign-out", AuditOutcome.ALLOWED, EMPLOYEE,
                    user.id(), Map.of()).actor(user.actor()).build());
        }
    }

    /**
     * A page session ended because its person signed in once more beyond the limit of sessions at
     * once: recorded when that session next asks for a page, so the person learns it there.
     */
    void sessionReplaced(CustosUser user, int limit) {
        audit.recordAlone(event(AuditCategory.SECURITY, "identity.session.replaced", AuditOutcome.DENIED, EMPLOYEE,
                user.id(), Map.of("limit", limit)).actor(user.actor()).build());
    }

    void anonymous(String action, AuditOutcome outcome, Map<String, ?> details) {
        AuditEvent.Builder builder = AuditEvent.of(AuditCategory.SECURITY, action, outcome).actor(Actor.ANONYMOUS);
        details.forEach(builder::detail);
        audit.record(builder.build());
    }

    void employeeData(String action, UUID employeeId, Map<String, ?> details) {
        audit.record(event(AuditCategory.ADMINISTRATION, action, AuditOutcome.ALLOWED, EMPLOYEE, employeeId, details)
                .build());
    }

    void department(String action, UUID departmentId, Map<String, ?> details) {
        audit.record(event(AuditCategory.ADMINISTRATION, action, AuditOutcome.ALLOWED, DEPARTMENT, departmentId,
                details).build());
    }

    private static AuditEvent.Builder event(AuditCategory category, String action, AuditOutcome outcome,
            String targetType, UUID target, Map<String, ?> details) {
        AuditEvent.Builder builder = AuditEvent.of(category, action, outcome).target(targetType, target);
        details.forEach(builder::detail);
        return builder;
    }
}
