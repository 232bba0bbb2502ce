package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** API bearer tokens: issued after a full sign-in, expiring, revocable, stored only hashed. */
@Service
public class ApiTokens {

    private static final String BEARER = "Bearer ";

    private final ApiTokenStore store;
    private final SecurityProperties properties;
    private final Clock clock;

    ApiTokens(ApiTokenStore store, SecurityProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }

    public IssuedToken issue(CustosUser user) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenLifetime());
        return new IssuedToken(store.issue(user.id(), now, expiresAt), expiresAt);
    }

    /** The owner of a token that is neither expired nor revoked. */
    public Optional<UUID> ownerOf(String token) {
        return store.ownerOfLiveToken(token, clock.instant());
    }

    /** The token of an {@code Authorization: Bearer …} header, or empty. */
    public static String fromHeader(@org.jspecify.annotations.Nullable String header) {
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "";
        }
        return header.substring(BEARER.length()).strip();
    }

    public boolean revoke(String token) {
        return store.revoke(token, clock.instant());
    }
}
