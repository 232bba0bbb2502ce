package io.custos.portal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ott.DefaultOneTimeToken;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.custos.customer.CustomerErasure;
import io.custos.keys.DataKeyDestroyedException;
import io.custos.keys.DataKeys;
import io.custos.keys.UnreadableCiphertextException;

/**
 * The portal's one-time sign-in links and phone codes (R-CUS-1), as Spring Security's
 * {@link OneTimeTokenService}. Spring's JDBC store keeps tokens in clear; this one keeps only their
 * SHA-256, so reading the table signs nobody in. An e-mail link carries 32 random bytes; a phone
 * code is 12 random digits ({@code 1234-5678-9012}), typed back with or without dashes or spaces.
 * A phone code is also kept encrypted under the customer's data key, for the customer's owner to
 * read out until it is used or expires. Each works once, for {@code custos.portal.link-validity};
 * a new link or code for a customer ends the older ones. Using one deletes its row, and only the
 * request whose delete removed the row signs in, so two requests racing with one link cannot both.
 */
@Component
public class PortalLinkTokens implements OneTimeTokenService {

    private static final Logger log = LoggerFactory.getLogger(PortalLinkTokens.class);
    private static final Pattern CODE_SHAPE = Pattern.compile("[0-9][0-9 -]{11,30}");
    private static final String CODE_FIELD = "portal-sign-in-code";
    private static final int MAX_TOKEN_LENGTH = 200;

    public enum Channel {
        EMAIL, PHONE
    }

    /** A request for a link (username: the customer's id) through one channel. */
    public static final class LinkRequest extends GenerateOneTimeTokenRequest {
        private final Channel channel;

        public LinkRequest(UUID customerId, Channel channel, Duration validity) {
            super(customerId.toString(), validity);
            this.channel = channel;
        }

        public UUID customerId() {
            return UUID.fromString(getUsername());
        }

        public Channel channel() {
            return channel;
        }
    }

    /** A code waiting for its owner to read it to the customer. */
    public record PendingCode(UUID customerId, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "PendingCode[" + customerId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final DataKeys dataKeys;
    private final CustomerErasure erasure;
    private final PortalAudit audit;
    private final PortalProperties properties;
    private final Clock clock;

    PortalLinkTokens(JdbcClient jdbc, DataKeys dataKeys, CustomerErasure erasure, PortalAudit audit,
            PortalProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.dataKeys = dataKeys;
        this.erasure = erasure;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A new link (e-mail) or code (phone) for the customer named by the request, ending the
     * customer's older ones; audited as {@code portal.sign-in.link-sent}. A plain
     * {@link GenerateOneTimeTokenRequest} is an e-mail link.
     */
    @Override
    @Transactional
    public OneTimeToken generate(GenerateOneTimeTokenRequest request) {
        UUID customerId = UUID.fromString(request.getUsername());
        Channel channel = request instanceof LinkRequest link ? link.channel() : Channel.EMAIL;
        Duration validity = request instanceof LinkRequest ? request.getExpiresIn() : properties.linkValidity();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validity);
        // Rows nobody used are worth nothing once expired; the expiry index keeps this cheap.
        jdbc.sql("delete from portal_link_token where expires_at <= ?").param(at(now)).update();
        jdbc.sql("delete from portal_link_token where customer_id = ?").param(customerId).update();
        String token;
        String stored;
        String ciphertext = null;
        if (channel == Channel.PHONE) {
            String digits = String.format("%012d", TokenHashes.RANDOM.nextLong(1_000_000_000_000L));
            token = digits.substring(0, 4) + "-" + digits.substring(4, 8) + "-" + digits.substring(8);
            stored = digits;
            ciphertext = dataKeys.encrypt(customerId, CODE_FIELD, token);
        } else {
            token = TokenHashes.randomToken();
            stored = token;
        }
        jdbc.sql("insert into portal_link_token (token_hash, customer_id, channel, code_ciphertext, created_at, "
                + "expires_at) values (?, ?, ?, ?, ?, ?)")
                .params(TokenHashes.sha256(stored), customerId, channel.name(), ciphertext, at(now), at(expiresAt))
                .update();
        audit.linkSent(customerId, channel);
        return new DefaultOneTimeToken(token, customerId.toString(), expiresAt);
    }

    /**
     * Spends a link or code: the token when it is known, unexpired, unused and its customer not
     * destroyed (then audited as {@code portal.sign-in.succeeded}), otherwise null.
     */
    @Override
    @Transactional
    public @Nullable OneTimeToken consume(OneTimeTokenAuthenticationToken authenticationToken) {
        String value = authenticationToken.getTokenValue();
        if (value == null || value.isBlank() || value.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        String hash = TokenHashes.sha256(canonical(value));
        Timestamp now = at(clock.instant());
        Optional<Row> row = jdbc.sql("select customer_id, channel, expires_at from portal_link_token "
                + "where token_hash = ? and expires_at > ?")
                .params(hash, now)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .optional();
        if (row.isEmpty() || erasure.isDestroyed(row.get().customerId())) {
            return null;
        }
        int spent = jdbc.sql("delete from portal_link_token where token_hash = ? and expires_at > ?")
                .params(hash, now).update();
        if (spent != 1) {
            // Another request spent it between the read and the delete.
            return null;
        }
        audit.signedIn(row.get().customerId(), row.get().channel());
        return new DefaultOneTimeToken(value, row.get().customerId().toString(), row.get().expiresAt());
    }

    /** The unexpired, unused phone codes of these customers, soonest to expire first. */
    @Transactional(readOnly = true)
    public List<PendingCode> pendingCodes(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        List<PendingCode> codes = new ArrayList<>();
        List<UUID> ids = List.copyOf(customerIds);
        Timestamp now = at(clock.instant());
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            List<Object> params = new ArrayList<>(chunk);
            params.add(now);
            jdbc.sql("select customer_id, code_ciphertext, expires_at from portal_link_token where channel = 'PHONE' "
                    + "and customer_id in (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ") and expires_at > ?")
                    .params(params)
                    .query((rs, n) -> {
                        UUID customer = rs.getObject(1, UUID.class);
                        String code = readable(customer, rs.getString(2));
                        if (code != null) {
                            codes.add(new PendingCode(customer, code, rs.getObject(3, OffsetDateTime.class).toInstant()));
                        }
                        return customer;
                    }).list();
        }
        codes.sort(java.util.Comparator.comparing(PendingCode::expiresAt));
        return codes;
    }

    /** How many unexpired, unused phone codes these customers have (nothing is decrypted). */
    @Transactional(readOnly = true)
    public long pendingCount(Collection<UUID> customerIds) {
        List<UUID> ids = List.copyOf(customerIds);
        Timestamp now = at(clock.instant());
        long count = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            List<Object> params = new ArrayList<>(chunk);
            params.add(now);
            count += jdbc.sql("select count(*) from portal_link_token where channel = 'PHONE' and customer_id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") and expires_at > ?")
                    .params(params).query(Long.class).single();
        }
        return count;
    }

    private @Nullable String readable(UUID customerId, String ciphertext) {
        try {
            return dataKeys.decrypt(customerId, CODE_FIELD, ciphertext);
        } catch (DataKeyDestroyedException destroyed) {
            return null;
        } catch (UnreadableCiphertextException tampered) {
            log.warn("The sign-in code of customer {} does not decrypt", customerId);
            return null;
        }
    }

    /** A phone code without its dashes or spaces; a link token as it is. */
    static String canonical(String value) {
        String v = value.strip();
        if (CODE_SHAPE.matcher(v).matches()) {
            String digits = v.replace("-", "").replace(" ", "");
            if (digits.length() == 12) {
                return digits;
            }
        }
        return v;
    }

    private static Timestamp at(Instant instant) {
        return Timestamp.from(instant);
    }

    private record Row(UUID customerId, Channel channel, Instant expiresAt) {
    }
}
