package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import io.custos.shared.DomainException;

/**
 * Replacing the authenticator of an account that has one, through the API (issue 24.6, R-X-2).
 * Only a token issued after a second factor was checked may start it, and the confirmation needs a
 * code of the current authenticator as well as one of the new: a stolen token alone cannot move the
 * second factor to its thief's phone. Wrong codes count against the sign-in lockout (5 in 15
 * minutes lock the account, which also stops the token), so the current code cannot be guessed here
 * either; the attempt is taken and committed before any code is checked, as {@link SignIn} does.
 * The current authenticator keeps working until the new one is confirmed.
 */
@Service
public class SecondFactorReplacement {

    private static final Logger log = LoggerFactory.getLogger(SecondFactorReplacement.class);

    private final EmployeeRepository employees;
    private final SecondFactor secondFactor;
    private final SecondFactorSecrets secrets;
    private final ApiTokenStore tokens;
    private final IdentityAudit audit;
    private final SecurityProperties properties;
    private final Clock clock;
    private final TransactionTemplate attempts;
    private final TransactionTemplate work;

    SecondFactorReplacement(EmployeeRepository employees, SecondFactor secondFactor, SecondFactorSecrets secrets,
            ApiTokenStore tokens, IdentityAudit audit, SecurityProperties properties, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.employees = employees;
        this.secondFactor = secondFactor;
        this.secrets = secrets;
        this.tokens = tokens;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.attempts = new TransactionTemplate(transactionManager);
        this.attempts.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.work = new TransactionTemplate(transactionManager);
    }

    /** Where the person's second factor stands. */
    public record Status(boolean enabled, boolean replacementPending) {
    }

    public Status status(CustosUser me) {
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        return new Status(employee.totpEnabled(), employee.totpEnabled() && employees.pendingReplacement(me.id()) != null);
    }

    /**
     * Starts (or restarts, with a fresh secret) the replacement.
     *
     * @param token the bearer token of the request, which must have been issued after a second factor
     */
    public MyAccount.Enrolment start(CustosUser me, String token) {
        requireSignedInWithSecondFactor(me, token);
        return Objects.requireNonNull(work.execute(status -> {
            EmployeeRecord employee = enabled(me);
            String secret = secondFactor.newSecret();
            employees.setPendingReplacement(me.id(), secrets.encryptReplacement(me.id(), secret));
            String uri = secondFactor.provisioningUri(employee.username(), secret);
            log.info("Account {} started replacing its second factor", me.id());
            return new MyAccount.Enrolment(secret, uri, secondFactor.qrCodeDataUri(uri));
        }));
    }

    /** Drops a started replacement; the current authenticator stays. */
    public void cancel(CustosUser me, String token) {
        requireSignedInWithSecondFactor(me, token);
        work.executeWithoutResult(status -> employees.setPendingReplacement(me.id(), null));
    }

    /**
     * Confirms the replacement with a code of each authenticator. The new one replaces the old, and
     * every other token and page session of the person ends (a factor changed is a credential changed);
     * the token of this request stays.
     */
    public void confirm(CustosUser me, String token, String currentCode, String newCode) {
        requireSignedInWithSecondFactor(me, token);
        EmployeeRecord employee = enabled(me);
        String pending = employees.pendingReplacement(me.id());
        if (pending == null) {
            throw DomainException.conflict("second-factor-replacement-not-started");
        }
        Instant now = clock.instant();
        SecurityProperties.Lockout lockout = properties.lockout();
        boolean taken = Boolean.TRUE.equals(attempts.execute(status -> employees.takeAttempt(me.id(), now,
                now.minus(lockout.window()), lockout.maxFailures())));
        if (!taken) {
            work.executeWithoutResult(status ->
                    audit.refused("identity.second-factor.replaced", me.id(), "account-locked"));
            throw new DomainException("second-factor-attempts-used-up", HttpStatus.TOO_MANY_REQUESTS);
        }
        OptionalLong current = secondFactor.match(Objects.requireNonNull(secrets.reveal(employee)), currentCode.strip(),
                now);
        String newSecret = secrets.revealReplacement(me.id(), pending);
        OptionalLong fresh = secondFactor.match(newSecret, newCode.strip(), now);
        String refusal = work.execute(status -> {
            if (current.isEmpty() || !employees.consumeTotpStep(me.id(), current.getAsLong())) {
                return failed(me.id(), now, "current-code-wrong");
            }
            if (fresh.isEmpty()) {
                return failed(me.id(), now, "code-wrong");
            }
            employees.replaceSecondFactor(me.id(), secrets.encrypt(me.id(), newSecret),
                    Math.max(fresh.getAsLong(), current.getAsLong()));
            employees.clearFailures(me.id());
            int revoked = tokens.revokeAllExcept(me.id(), ApiTokenStore.hash(token), now);
            audit.account("identity.second-factor.replaced", AuditOutcome.ALLOWED, me.id(),
                    Map.of("tokensRevoked", revoked));
            log.info("Account {} replaced its second factor; its other sessions and tokens ended", me.id());
            return null;
        });
        if ("current-code-wrong".equals(refusal)) {
            throw new DomainException("second-factor-current-code-wrong", HttpStatus.UNPROCESSABLE_ENTITY,
                    Map.of("field", "currentCode"));
        }
        if (refusal != null) {
            throw new DomainException("second-factor-code-wrong", HttpStatus.UNPROCESSABLE_ENTITY,
                    Map.of("field", "code"));
        }
    }

    private @Nullable String failed(UUID id, Instant now, String why) {
        SecurityProperties.Lockout lockout = properties.lockout();
        audit.refused("identity.second-factor.replaced", id, why);
        if (employees.lockIfTooManyFailures(id, lockout.maxFailures(), now, now.plus(lockout.duration()))) {
            log.warn("Account {} locked for {} after {} wrong codes", id, lockout.duration(), lockout.maxFailures());
            audit.accountBy(Actor.system("lockout"), "identity.account.locked", AuditOutcome.ALLOWED, id,
                    Map.of("failures", lockout.maxFailures(), "minutes", lockout.duration().toMinutes()));
        }
        return why;
    }

    private EmployeeRecord enabled(CustosUser me) {
        EmployeeRecord employee = employees.findById(me.id()).orElseThrow(DomainException::notFound);
        if (!employee.totpEnabled() || employee.totpSecret() == null) {
            throw DomainException.conflict("second-factor-not-enabled");
        }
        return employee;
    }

    private void requireSignedInWithSecondFactor(CustosUser me, String token) {
        if (!tokens.issuedWithSecondFactor(token, clock.instant())) {
            work.executeWithoutResult(status ->
                    audit.refused("identity.second-factor.replaced", me.id(), "signed-in-without-second-factor"));
            throw new DomainException("second-factor-sign-in-required", HttpStatus.FORBIDDEN);
        }
    }
}
