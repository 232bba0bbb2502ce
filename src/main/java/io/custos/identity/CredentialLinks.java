package io.custos.identity;

import static io.custos.identity.EmployeeRepository.at;
import static io.custos.identity.EmployeeRepository.instant;
import static io.custos.identity.EmployeeRepository.instantOrNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;
import io.custos.shared.MailOutbox;

/**
 * One-time passwords reach the person they belong to, not the administrator (issue 24.4, R-IT-1).
 * Issuing one sets a password nobody knows and makes a single-use link, kept only as the token's
 * hash; the password is made when the link is opened, shown that once, and stops working 24 hours
 * after the link was issued. With an e-mail address on file (and mail configured) the link goes
 * there and the administrator only learns that it was sent; without one, the administrator hands
 * the link over, and the employee page shows whether and when it was opened, so an administrator
 * who opens it himself leaves a trace and the person finds it used.
 */
@Service
public class CredentialLinks {

    private static final Logger log = LoggerFactory.getLogger(CredentialLinks.class);

    /** How long a one-time password (and its link) works after issue. */
    public static final Duration VALIDITY = Duration.ofHours(24);
    static final String PATH = "/one-time-password";
    /** 32 random bytes, base64url without padding. */
    private static final int TOKEN_LENGTH = 43;

    private final JdbcClient jdbc;
    private final EmployeeRepository employees;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final MailOutbox mail;
    private final IdentityAudit audit;
    private final Clock clock;
    private final String baseUrl;
    private final String mailFrom;
    private final SecureRandom random = new SecureRandom();

    CredentialLinks(JdbcClient jdbc, EmployeeRepository employees, PasswordPolicy policy, PasswordEncoder passwords,
            MailOutbox mail, IdentityAudit audit, Clock clock,
            @Value("${custos.security.base-url:http://localhost:8080}") String baseUrl,
            @Value("${custos.security.mail-from:custos@localhost}") String mailFrom) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.policy = policy;
        this.passwords = passwords;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.mailFrom = mailFrom;
    }

    /**
     * How a one-time password travels: {@code link} for the administrator to hand over when it was
     * not mailed, else {@code mailedTo}, the address on file, masked.
     */
    public record Delivery(UUID linkId, @Nullable String link, @Nullable String mailedTo, Instant expiresAt) {
        @Override
        public String toString() {
            return "Delivery[linkId=" + linkId + ", mailed=" + (mailedTo != null) + "]";
        }
    }

    /** The password shown once to whoever opened the link. */
    public record Revealed(String username, String oneTimePassword, Instant expiresAt) {
        @Override
        public String toString() {
            return "Revealed[username=" + username + "]";
        }
    }

    /** What the employee page says about the last link issued. */
    public record LinkState(Instant issuedAt, Instant expiresAt, boolean mailed, @Nullable Instant openedAt,
            boolean revoked) {
        public boolean expired(Instant now) {
            return openedAt == null && !now.isBefore(expiresAt);
        }
    }

    /**
     * Ends the account's password (and every earlier link) and issues a link to a new one-time
     * password. Joins the caller's transaction; the mail leaves only once it commits.
     */
    @Transactional
    Delivery issue(EmployeeRecord employee, @Nullable UUID by) {
        Instant now = clock.instant();
        Instant expires = now.plus(VALIDITY);
        jdbc.sql("update credential_link set revoked_at = ? where employee_id = ? and opened_at is null and revoked_at is null")
                .params(at(now), employee.id()).update();
        // Nobody knows this password; the link makes the one the person will use.
        employees.setOneTimePassword(employee.id(), passwords.encode(token()), now, expires);
        String token = token();
        UUID id = UUID.randomUUID();
        boolean mailed = employee.email() != null && mail.configured();
        jdbc.sql("""
                insert into credential_link (id, employee_id, token_hash, issued_by, issued_at, expires_at, mailed)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, employee.id(), ApiTokenStore.hash(token), by, at(now), at(expires), mailed).update();
        String link = UriComponentsBuilder.fromUriString(baseUrl).path(PATH).queryParam("token", token).build()
                .toUriString();
        if (mailed) {
            mail.send(mailFrom, List.of(mail.letter(java.util.Objects.requireNonNull(employee.email()),
                    "one-time-password", Map.of("link", link, "hours", VALIDITY.toHours(),
                            "username", employee.username()))));
        }
        audit.account("identity.credential-link.issued", AuditOutcome.ALLOWED, employee.id(),
                Map.of("link", id, "mailed", mailed));
        log.info("One-time password link {} issued for account {} (mailed: {})", id, employee.id(), mailed);
        return new Delivery(id, mailed ? null : link, mailed ? mask(employee.email()) : null, expires);
    }

    /**
     * Opens a link: once, before it expires, and not from a session of anybody but its owner (an
     * administrator's own browser). The password is made now and shown only in the answer.
     *
     * @param signedIn whoever is signed in in the browser that opens it, if anyone
     * @param address the client address, kept only as a hash
     */
    @Transactional
    public Revealed reveal(String token, @Nullable CustosUser signedIn, String address) {
        Instant now = clock.instant();
        Optional<Link> found = token.length() != TOKEN_LENGTH ? Optional.empty()
                : jdbc.sql("select id, employee_id, expires_at, opened_at, revoked_at from credential_link where token_hash = ?")
                        .param(ApiTokenStore.hash(token)).query(CredentialLinks::link).optional();
        if (found.isEmpty() || !found.get().usable(now)) {
            found.ifPresentOrElse(l -> audit.refused("identity.credential-link.opened", l.employeeId(), "link-used-or-expired"),
                    () -> audit.anonymous("identity.credential-link.opened", AuditOutcome.DENIED, Map.of("reason", "unknown-link")));
            throw new DomainException("credential-link-gone", HttpStatus.GONE);
        }
        Link link = found.get();
        if (signedIn != null && !signedIn.id().equals(link.employeeId())) {
            audit.refused("identity.credential-link.opened", link.employeeId(), "signed-in-as-someone-else");
            log.info("Link {} for account {} refused to a session of account {}", link.id(), link.employeeId(),
                    signedIn.id());
            throw new DomainException("credential-link-not-yours", HttpStatus.FORBIDDEN);
        }
        // The update decides between two openings at once: only one finds it unopened.
        String from = ApiTokenStore.hash(address);
        if (jdbc.sql("""
                update credential_link set opened_at = ?, opened_from = ?
                where id = ? and opened_at is null and revoked_at is null and expires_at > ?""")
                .params(at(now), from, link.id(), at(now)).update() != 1) {
            throw new DomainException("credential-link-gone", HttpStatus.GONE);
        }
        EmployeeRecord employee = employees.findById(link.employeeId()).orElseThrow(DomainException::notFound);
        String oneTimePassword = policy.oneTimePassword();
        employees.setOneTimePassword(employee.id(), passwords.encode(oneTimePassword), now, link.expiresAt());
        audit.accountBy(signedIn == null ? Actor.ANONYMOUS : signedIn.actor(), "identity.credential-link.opened",
                AuditOutcome.ALLOWED, employee.id(), Map.of("link", link.id(), "address", "h" + from.substring(0, 16)));
        log.info("One-time password link {} for account {} opened", link.id(), employee.id());
        return new Revealed(employee.username(), oneTimePassword, link.expiresAt());
    }

    /** The last link issued for the account, if any. */
    @Transactional(readOnly = true)
    public Optional<LinkState> last(UUID employeeId) {
        return jdbc.sql("""
                select issued_at, expires_at, mailed, opened_at, revoked_at from credential_link
                where employee_id = ? order by issued_at desc""").param(employeeId)
                .query((rs, n) -> new LinkState(instant(rs, "issued_at"), instant(rs, "expires_at"),
                        rs.getBoolean("mailed"), instantOrNull(rs, "opened_at"), rs.getTimestamp("revoked_at") != null))
                .stream().findFirst();
    }

    /** {@code a***@example.com}: enough for the administrator to recognise the address on file. */
    static String mask(@Nullable String email) {
        if (email == null) {
            return "";
        }
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record Link(UUID id, UUID employeeId, Instant expiresAt, @Nullable Instant openedAt,
            @Nullable Instant revokedAt) {
        boolean usable(Instant now) {
            return openedAt == null && revokedAt == null && now.isBefore(expiresAt);
        }
    }

    private static Link link(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Link(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                instant(rs, "expires_at"), instantOrNull(rs, "opened_at"), instantOrNull(rs, "revoked_at"));
    }
}
