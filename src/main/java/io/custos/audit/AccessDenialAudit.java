package io.custos.audit;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import io.custos.shared.Actor;

/**
 * Records every refusal of a signed-in person, by URL rule or by {@code @PreAuthorize} (R-AUD-1:
 * denials are audited). Visitors who are not signed in are only sent to the sign-in page; those
 * redirects are not denials and would flood the log.
 */
@Component
class AccessDenialAudit {

    private static final Logger log = LoggerFactory.getLogger(AccessDenialAudit.class);
    private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    private final AuditLog audit;

    AccessDenialAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(AuthorizationDeniedEvent<?> denied) {
        Authentication authentication = denied.getAuthentication().get();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !(authentication.getPrincipal() instanceof Actor.Source source)) {
            return;
        }
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "security.access.denied", AuditOutcome.DENIED)
                .actor(source.actor());
        Object subject = denied.getSource();
        if (subject instanceof MethodInvocation invocation) {
            event.detail("operation", invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                    + invocation.getMethod().getName());
        } else if (subject instanceof HttpServletRequest request) {
            event.detail("method", request.getMethod()).detail("area", area(request.getRequestURI()));
        }
        try {
            // The refusal already protects the data; a lost denial event is logged, not turned into a 500.
            audit.recordAlone(event.build());
        } catch (AuditUnavailableException e) {
            log.error("A refusal could not be recorded in the audit log", e);
        }
    }

    /** The first two path segments when they are plain words ({@code api.v1}, {@code admin.employees}). */
    private static String area(String uri) {
        StringBuilder area = new StringBuilder();
        for (String segment : uri.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!SEGMENT.matcher(segment).matches() || area.length() > 0 && area.chars().filter(c -> c == '.').count() >= 2) {
                break;
            }
            area.append(area.length() == 0 ? "" : ".").append(segment);
        }
        return area.length() == 0 ? "root" : area.toString();
    }
}
