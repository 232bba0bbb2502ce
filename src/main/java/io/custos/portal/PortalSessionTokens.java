package io.custos.portal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.customer.CustomerErasure;

/**
 * The portal's API tokens: {@code cpt_} and 32 random bytes, stored as a SHA-256 in
 * {@code portal_session_token}, for {@code custos.portal.token-validity}. They live apart from the
 * staff's API tokens: a staff token is never found here, and a portal token is never found there,
 * so neither side's endpoints accept the other's token.
 */
@Service
public class PortalSessionTokens {

    public static final String PREFIX = "cpt_";

    /** A token as issued: shown to its holder once, never stored in clear. */
    public record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    private final JdbcClient jdbc;
    private final CustomerErasure erasure;
    private final PortalAudit audit;
    private final PortalProperties properties;
    private final Clock clock;

    PortalSessionTokens(JdbcClient jdbc, CustomerErasure erasure, PortalAudit audit, PortalProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.erasure = erasure;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new token for the customer, audited as {@code portal.token.issued}. */
    @Transactional
    public Issued issue(UUID customerId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenValidity());
        jdbc.sql("delete from portal_session_token where expires_at <= ?").param(Timestamp.from(now)).update();
        String token = PREFIX + TokenHashes.randomToken();
        jdbc.sql("insert into portal_session_token (token_hash, customer_id, created_at, expires_at) "
                + "values (?, ?, ?, ?)")
                .params(TokenHashes.sha256(token), customerId, Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
        audit.tokenIssued(customerId);
        return new Issued(token, expiresAt);
    }

    /** The customer a live token belongs to: known, unexpired, not revoked, and the customer not destroyed. */
    @Transactional(readOnly = true)
    public Optional<UUID> customerOf(String token) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("select customer_id from portal_session_token "
                + "where token_hash = ? and expires_at > ? and revoked_at is null")
                .params(TokenHashes.sha256(token), Timestamp.from(clock.instant()))
                .query(UUID.class).optional().filter(customer -> !erasure.isDestroyed(customer));
    }

    /** Ends a token at once (the holder signs out). */
    @Transactional
    public void revoke(String token) {
        jdbc.sql("update portal_session_token set revoked_at = ? where token_hash = ? and revoked_at is null")
                .params(Timestamp.from(clock.instant()), TokenHashes.sha256(token)).update();
    }
}
