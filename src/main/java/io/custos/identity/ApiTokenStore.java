package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens: 256 random bits, handed to the client once; the table keeps only their SHA-256,
 * so a copy of the database does not let anyone call the API.
 */
@Repository
class ApiTokenStore {

    static final String PREFIX = "cst_";

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    ApiTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A token as issued: its id (for the audit log) and the secret (for the caller only). */
    record Issued(UUID id, String token) {
        @Override
        public String toString() {
            return "Issued[id=" + id + "]";
        }
    }

    Issued issue(UUID employeeId, Instant now, Instant expiresAt) {
        return issue(employeeId, now, expiresAt, false);
    }

    /** @param secondFactor whether a second factor was checked when the token was asked for */
    Issued issue(UUID employeeId, Instant now, Instant expiresAt, boolean secondFactor) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into api_token (id, employee_id, token_hash, issued_at, expires_at, second_factor)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, employeeId, hash(token), at(now), at(expiresAt), secondFactor).update();
        return new Issued(id, token);
    }

    /** Whether this live token was issued after a second factor was checked. */
    boolean issuedWithSecondFactor(String token, Instant now) {
        return wellFormed(token) && jdbc.sql("""
                select second_factor from api_token
                where token_hash = ? and revoked_at is null and expires_at > ?""")
                .params(hash(token), at(now)).query(Boolean.class).optional().orElse(false);
    }

    /** Whether a string can be a token at all, before any hashing or query. */
    static boolean wellFormed(String token) {
        return token.startsWith(PREFIX) && token.length() <= 100;
    }

    record Revoked(UUID id, UUID employeeId) {
    }

    /** The live token revoked, or empty when there was none. */
    Optional<Revoked> revoke(String token, Instant now) {
        Optional<Revoked> revoked = jdbc.sql("select id, employee_id from api_token where token_hash = ? "
                + "and revoked_at is null")
                .param(hash(token))
                .query((rs, n) -> new Revoked(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .optional();
        revoked.ifPresent(r -> jdbc.sql("update api_token set revoked_at = ? where id = ?")
                .params(at(now), r.id()).update());
        return revoked;
    }

    /** All live tokens of the person but the one presented with the change (its hash), which stays. */
    int revokeAllExcept(UUID employeeId, String keptTokenHash, Instant now) {
        return jdbc.sql("""
                update api_token set revoked_at = ?
                where employee_id = ? and revoked_at is null and token_hash <> ?""")
                .params(at(now), employeeId, keptTokenHash).update();
    }

    int revokeAll(UUID employeeId, Instant now) {
        return jdbc.sql("update api_token set revoked_at = ? where employee_id = ? and revoked_at is null")
                .params(at(now), employeeId).update();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
