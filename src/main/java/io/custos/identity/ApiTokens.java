package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;

/** API bearer tokens: issued after a full sign-in, expiring, revocable, stored only hashed. */
@Service
public class ApiTokens {

    private static final String BEARER = "Bearer ";

    private final ApiTokenStore store;
    private final SecurityProperties properties;
    private final IdentityAudit audit;
    private final Clock clock;
    private final SignIn signIn;

    ApiTokens(ApiTokenStore store, SecurityProperties properties, IdentityAudit audit, Clock clock, SignIn signIn) {
        this.store = store;
        this.signIn = signIn;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }

    @Transactional
    public IssuedToken issue(CustosUser user) {
        return issue(user, false);
    }

    /** @param secondFactor whether the sign-in behind the token checked a second factor */
    @Transactional
    public IssuedToken issue(CustosUser user, boolean secondFactor) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenLifetime());
        ApiTokenStore.Issued issued = store.issue(user.id(), now, expiresAt, secondFactor);
        audit.accountBy(user.actor(), "identity.token.issued", AuditOutcome.ALLOWED, user.id(),
                java.util.Map.of("tokenId", issued.id()));
        return new IssuedToken(issued.token(), expiresAt);
    }

    /**
     * The person behind a token that is neither expired nor revoked, reloaded now: a departure, a
     * lock, a revocation or a role change applies to the very next request.
     */
    Optional<AccountState> account(String token) {
        return ApiTokenStore.wellFormed(token) ? signIn.currentByToken(ApiTokenStore.hash(token)) : Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer …} header, or empty. */
    public static String fromHeader(@org.jspecify.annotations.Nullable String header) {
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "";
        }
        return header.substring(BEARER.length()).strip();
    }

    @Transactional
    public boolean revoke(String token) {
        Optional<ApiTokenStore.Revoked> revoked = store.revoke(token, clock.instant());
        revoked.ifPresent(r -> audit.account("identity.token.revoked", AuditOutcome.ALLOWED, r.employeeId(),
                java.util.Map.of("tokenId", r.id())));
        return revoked.isPresent();
    }
}
