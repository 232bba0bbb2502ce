package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.audit.AuditOutcome;
import io.custos.shared.DomainException;

/** What everyone can do with their own account: change the password, enrol a second factor. */
@Service
public class MyAccount {

    private static final Logger log = LoggerFactory.getLogger(MyAccount.class);

    private final EmployeeRepository employees;
    private final PasswordPolicy policy;
    private final PasswordEncoder passwords;
    private final SecondFactor secondFactor;
    private final IdentityAudit audit;
    private final SecondFactorSecrets secrets;
    private final Clock clock;

    private final ApiTokenStore tokens;
    private final PasswordHistory history;

    MyAccount(EmployeeRepository employees, PasswordPolicy policy, PasswordEncoder passwords,
            SecondFactor secondFactor, IdentityAudit audit, SecondFactorSecrets secrets, ApiTokenStore tokens,
            PasswordHistory history, Clock clock) {
        this.tokens = tokens;
        this.history = history;
        this.secrets = secrets;
        this.audit = audit;
        this.employees = employees;
        this.policy = policy;
        this.passwords = passwords;
        this.secondFactor = secondFactor;
        this.clock = clock;
    }

    /** What an authenticator app needs; shown only to its owner, during enrolment. */
    public record Enrolment(String secret, String provisioningUri, String qrCodeDataUri) {
        @Override
        public String toString() {
            return "Enrolment[…]";
        }
    }

    /**
     * Changes the person's own password and ends every session and token signed in with the old
     * one (issue 13.6). The page keeps its own session with {@link SignedInSessions#keep}.
     *
     * @return the new credential version
     */
    @Transactional
    public int changePassword(CustosUser me, String currentPassword, String newPassword) {
        return changePassword(me, currentPassword, newPassword, null);
    }

    /**
     * As {@link #changePassword(CustosUser, String, String)}, keeping the bearer token the change
     * was made with (an API client stays signed in; its other tokens end).
     */
    @Transactional
    public int changePassword(CustosUser me, String currentPassword, String newPassword, @Nullable String keptToken) {
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (!passwords.matches(currentPassword, employee.passwordHash())) {
            audit.refused("identity.password.changed", me.id(), "current-password-wrong");
            throw new DomainException("current-password-wrong", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "currentPassword"));
        }
        policy.require(newPassword, employee.username());
        if (passwords.matches(newPassword, employee.passwordHash())) {
            throw new DomainException("password-unchanged", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "newPassword"));
        }
        int last = policy.rules().history();
        if (history.reused(me.id(), employee.passwordHash(), newPassword, last)) {
            audit.refused("identity.password.changed", me.id(), "password-reused");
            throw new DomainException("password-reused", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "newPassword"), last);
        }
        Instant now = clock.instant();
        employees.updatePassword(me.id(), passwords.encode(newPassword), false, now);
        history.trim(me.id(), last - 1);
        int revoked = keptToken == null ? tokens.revokeAll(me.id(), now)
                : tokens.revokeAllExcept(me.id(), ApiTokenStore.hash(keptToken), now);
        audit.account("identity.password.changed", AuditOutcome.ALLOWED, me.id(),
                java.util.Map.of("tokensRevoked", revoked));
        log.info("Account {} changed its password; its other sessions and tokens ended", me.id());
        return employees.credentialVersion(me.id());
    }

    /** What a new password must be: at least so many characters, of so many classes, none of the last so many. */
    public List<Integer> passwordRules() {
        SecurityProperties.Password rules = policy.rules();
        return List.of(rules.minLength(), rules.minCharacterClasses(), rules.history());
    }

    /** Starts (or restarts) enrolment with a fresh secret; it counts only once confirmed. */
    @Transactional
    public Enrolment startSecondFactorEnrolment(CustosUser me) {
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (employee.totpEnabled()) {
            throw DomainException.conflict("second-factor-already-enabled");
        }
        String secret = secondFactor.newSecret();
        secrets.storePending(me.id(), secret);
        String uri = secondFactor.provisioningUri(employee.username(), secret);
        return new Enrolment(secret, uri, secondFactor.qrCodeDataUri(uri));
    }

    /** Re-shows the pending enrolment (after a failed confirmation), without a new secret. */
    @Transactional(readOnly = true)
    public java.util.Optional<Enrolment> pendingEnrolment(CustosUser me) {
        return employees.findById(me.id())
                .filter(e -> !e.totpEnabled() && e.totpSecret() != null)
                .map(e -> {
                    String secret = java.util.Objects.requireNonNull(secrets.reveal(e));
                    String uri = secondFactor.provisioningUri(e.username(), secret);
                    return new Enrolment(secret, uri, secondFactor.qrCodeDataUri(uri));
                });
    }

    @Transactional
    public void confirmSecondFactor(CustosUser me, String code) {
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (employee.totpEnabled()) {
            throw DomainException.conflict("second-factor-already-enabled");
        }
        if (employee.totpSecret() == null) {
            throw DomainException.conflict("second-factor-not-started");
        }
        Instant now = clock.instant();
        OptionalLong step = secondFactor.match(java.util.Objects.requireNonNull(secrets.reveal(employee)), code.strip(),
                now);
        if (step.isEmpty()) {
            audit.refused("identity.second-factor.enrolled", me.id(), "code-wrong");
            throw new DomainException("second-factor-code-wrong", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "code"));
        }
        employees.enableSecondFactor(me.id(), step.getAsLong());
        audit.account("identity.second-factor.enrolled", AuditOutcome.ALLOWED, me.id(), java.util.Map.of());
        log.info("Account {} enrolled a second factor", me.id());
    }

    /** The zone the person chose for pages; empty: the company's. */
    @Transactional(readOnly = true)
    public java.util.Optional<java.time.ZoneId> timeZone(CustosUser me) {
        return employees.timeZone(me.id()).map(java.time.ZoneId::of);
    }

    /**
     * Sets the zone pages show and read times in for this person; {@code null} or blank returns to
     * the company's. A display preference, not an access fact, so it is not audited.
     */
    @Transactional
    public void changeTimeZone(CustosUser me, @org.jspecify.annotations.Nullable String zone) {
        String chosen = zone == null || zone.isBlank() ? null : zone.strip();
        if (chosen != null && !java.time.ZoneId.getAvailableZoneIds().contains(chosen)) {
            throw new DomainException("time-zone-unknown", HttpStatus.UNPROCESSABLE_ENTITY,
                    java.util.Map.of("field", "timeZone"));
        }
        employees.updateTimeZone(me.id(), chosen);
    }

    @Transactional(readOnly = true)
    public EmployeeView profile(CustosUser me) {
        return employees.findById(me.id()).orElseThrow(DomainException::notFound).toView(clock.instant());
    }
}
