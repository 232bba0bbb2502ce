package io.custos.portal.web;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.custos.access.Subjects;
import io.custos.portal.PortalCustomer;
import io.custos.portal.PortalLinkTokens;
import io.custos.portal.PortalSessionTokens;
import io.custos.portal.PortalSignIn;
import io.custos.shared.DomainException;
import io.custos.shared.Throttle;

/**
 * The portal's API (R-CUS-1): ask for a link (202 and the same body whatever the address), trade a
 * link or code for a portal token ({@code cpt_…}), end it, and who the token's holder is.
 */
@RestController
@RequestMapping("/api/portal/v1")
class PortalApi {

    /** The one answer to every well-formed request for a link. */
    static final Map<String, Object> ACCEPTED = Map.of("accepted", true);

    record LinkBody(@Nullable String address) {
    }

    record TokenBody(@Nullable String linkToken) {
    }

    record TokenIssued(String token, Instant expiresAt) {
    }

    private final PortalSignIn signIn;
    private final PortalLinkTokens links;
    private final PortalSessionTokens tokens;
    private final Subjects subjects;

    PortalApi(PortalSignIn signIn, PortalLinkTokens links, PortalSessionTokens tokens, Subjects subjects) {
        this.signIn = signIn;
        this.links = links;
        this.tokens = tokens;
        this.subjects = subjects;
    }

    @PostMapping("/sign-in-links")
    ResponseEntity<Map<String, Object>> signInLink(@RequestBody LinkBody body, HttpServletRequest request) {
        PortalSignIn.Resolution resolution = signIn.request(body.address(), request.getRemoteAddr());
        return switch (resolution.answer()) {
            case MALFORMED -> throw DomainException.unprocessable("portal-address-invalid", Map.of("field", "address"));
            case CLIENT_THROTTLED -> throw Throttle.refusal("too-many-requests", resolution.retryAfterSeconds());
            case ACCEPTED -> ResponseEntity.status(HttpStatus.ACCEPTED).body(ACCEPTED);
        };
    }

    @PostMapping("/tokens")
    TokenIssued token(@RequestBody TokenBody body, HttpServletRequest request) {
        Throttle.Decision attempt = signIn.attempt(request.getRemoteAddr());
        if (!attempt.allowed()) {
            throw Throttle.refusal("too-many-requests", attempt.retryAfterSeconds());
        }
        String value = body.linkToken();
        OneTimeToken consumed = value == null ? null : links.consume(new OneTimeTokenAuthenticationToken(value));
        if (consumed == null) {
            signIn.invalidLink();
            throw new DomainException("link-invalid", HttpStatus.UNAUTHORIZED);
        }
        PortalSessionTokens.Issued issued = tokens.issue(UUID.fromString(consumed.getUsername()));
        return new TokenIssued(issued.token(), issued.expiresAt());
    }

    /** Signs out: the token used for this request stops working at once. */
    @DeleteMapping("/tokens/current")
    ResponseEntity<Void> signOut(@AuthenticationPrincipal PortalCustomer customer, HttpServletRequest request) {
        if (request.getAttribute(PortalSessionTokens.class.getName()) instanceof String token) {
            tokens.revoke(token);
            signIn.signedOut(customer.customerId());
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal PortalCustomer customer) {
        Map<String, Object> me = new HashMap<>();
        me.put("customerId", customer.customerId());
        me.put("companyName", subjects.companyNames(List.of(customer.customerId())).get(customer.customerId()));
        return me;
    }
}
