package io.custos.portal;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The portal's audit vocabulary ({@code portal.*}): customer ids, channels and reason codes, never
 * the address a customer typed or a token.
 */
@Component
class PortalAudit {

    static final String CUSTOMER = "customer";

    private final AuditLog audit;

    PortalAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** In the caller's transaction. */
    void linkSent(UUID customerId, PortalLinkTokens.Channel channel) {
        audit.record(AuditEvent.of(AuditCategory.SECURITY, "portal.sign-in.link-sent", AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(Actor.ANONYMOUS).detail("via", channel).build());
    }

    /** In the caller's transaction. */
    void signedIn(UUID customerId, PortalLinkTokens.Channel channel) {
        audit.record(AuditEvent.of(AuditCategory.SECURITY, "portal.sign-in.succeeded", AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(new PortalCustomer(customerId).actor())
                .detail("via", channel).build());
    }

    /** On its own: nothing else happens, and there is no customer to name. */
    void refused(String reason) {
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "portal.sign-in.refused", AuditOutcome.DENIED)
                .actor(Actor.ANONYMOUS).detail("reason", reason).build());
    }

    void signedOut(UUID customerId) {
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "portal.signed-out", AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(new PortalCustomer(customerId).actor()).build());
    }

    /** In the caller's transaction. */
    void tokenIssued(UUID customerId) {
        audit.record(AuditEvent.of(AuditCategory.SECURITY, "portal.token.issued", AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(new PortalCustomer(customerId).actor()).build());
    }

    /** In the caller's transaction: a code the owner was shown, per customer. */
    void codeShown(UUID customerId, Actor by) {
        audit.record(AuditEvent.of(AuditCategory.SECURITY, "portal.sign-in.code-shown", AuditOutcome.ALLOWED)
                .target(CUSTOMER, customerId).actor(by).build());
    }
}
