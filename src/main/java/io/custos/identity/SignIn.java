package io.custos.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;
import io.custos.shared.Throttle;
import io.custos.shared.Throttles;

/**
 * Checks who someone is, for the sign-in page and for API tokens alike (R-IT-1). Every refusal
 * looks the same to the caller, whether the user is unknown, the password wrong, the code wrong,
 * the account locked or departed, and costs the same password-hash time.
 * <p>
 * Before any of that, throttles shared by the nodes (issue 24.3) limit tries per client address, per
 * address and name together, and per name; a throttled try checks no password and does not count
 * toward the account's lockout, so a stranger's address runs out of tries before it could lock a
 * known name. The throttled answer says so (429), for any name alike, so it tells nothing about accounts.
 */
@Service
public class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);

    /** Where the page's throttled sign-in is forwarded, and the request attribute with the seconds to wait. */
    public static final String THROTTLED_PAGE = "/login/throttled";
    public static final String THROTTLED_SECONDS = "io.custos.identity.signInThrottledSeconds";

    private final EmployeeRepository employees;
    private final PasswordEncoder passwords;
    private final SecondFactor secondFactor;
    private final SecurityProperties properties;
    private final IdentityAudit audit;
    private final SecondFactorSecrets secrets;
    private final Clock clock;
    private final String unknownUserHash;
    /** Takes an attempt in a transaction of its own, committed before any password is checked. */
    private final TransactionTemplate attempts;
    private final TransactionTemplate outcomes;
    private final ObjectProvider<PartnerStanding> partners;
    private final SsoProperties sso;
    private final Throttle perAddress;
    private final Throttle perAddressAndAccount;
    private final Throttle perAccount;
    /** One audit event per throttled key and period across the nodes, not one per refused try of a flood. */
    private final Throttle throttledAudits;

    SignIn(EmployeeRepository employees, PasswordEncoder passwords, SecondFactor secondFactor,
            SecurityProperties properties, IdentityAudit audit, SecondFactorSecrets secrets, Clock clock,
            PlatformTransactionManager transactionManager, ObjectProvider<PartnerStanding> partners,
            SsoProperties sso, Throttles throttles) {
        SecurityProperties.Throttle limits = properties.throttle();
        this.perAddress = throttles.named("sign-in-address", limits.perAddress(), limits.period());
        this.perAddressAndAccount = throttles.named("sign-in-address-account", limits.perAddressAndAccount(),
                limits.period());
        this.perAccount = throttles.named("sign-in-account", limits.perAccount(), limits.period());
        this.throttledAudits = throttles.named("sign-in-throttled-audit", 1, limits.period());
        this.partners = partners;
        this.sso = sso;
        this.attempts = new TransactionTemplate(transactionManager);
        this.attempts.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.outcomes = new TransactionTemplate(transactionManager);
        this.secrets = secrets;
        this.employees = employees;
        this.audit = audit;
        this.passwords = passwords;
        this.secondFactor = secondFactor;
        this.properties = properties;
        this.clock = clock;
        this.unknownUserHash = passwords.encode("an unknown user never matches " + UUID.randomUUID());
    }

    /** The result of one attempt; {@link Refused} never says why. */
    public sealed interface Outcome permits Accepted, Refused, Throttled {
    }

    /** Too many tries from this address or for this name: try again after so many seconds. */
    public record Throttled(long retryAfterSeconds) implements Outcome {
    }

    /** @param secondFactor whether a second factor was checked, not only the password */
    public record Accepted(AccountState account, boolean secondFactor) implements Outcome {
    }

    public record Refused() implements Outcome {
    }

    /**
     * One attempt. The attempt is taken (counted as a failure, against the limit) and committed
     * before the password is checked, so parallel attempts cannot check more passwords than the
     * limit allows; the outcome, its audit event and, on success, the cleared count commit together
     * afterwards. An unknown name is recorded without the name: people type passwords into that field.
     */
    public Outcome attempt(String username, String password, @Nullable String otp, String clientAddress) {
        String name = username.length() > 64 ? username.substring(0, 64) : username;
        String account = name.strip().toLowerCase(java.util.Locale.ROOT);
        String pair = clientAddress + "\n" + account;
        // The address first: one address cannot spend the tries of a name it does not hold.
        Throttle.Decision decision = perAddress.take(clientAddress);
        String limit = "address";
        if (decision.allowed()) {
            decision = perAddressAndAccount.take(pair);
            limit = "address-account";
            if (!decision.allowed()) {
                perAddress.giveBack(clientAddress);
            } else {
                decision = perAccount.take(account);
                limit = "account";
                if (!decision.allowed()) {
                    perAddress.giveBack(clientAddress);
                    perAddressAndAccount.giveBack(pair);
                }
            }
        }
        if (!decision.allowed()) {
            throttled(username, limit, "address".equals(limit) ? clientAddress : pair);
            return new Throttled(decision.retryAfterSeconds());
        }
        Outcome outcome = attempt(username, password, otp);
        if (outcome instanceof Accepted) {
            // Only failures count: an office behind one address signs in every morning.
            perAddress.giveBack(clientAddress);
            perAddressAndAccount.giveBack(pair);
            perAccount.giveBack(account);
        }
        return outcome;
    }

    private Outcome attempt(String username, String password, @Nullable String otp) {
        Instant now = clock.instant();
        Optional<EmployeeRecord> found = username.length() > 64 ? Optional.empty() : employees.findByUsername(username);
        if (found.isEmpty()) {
            passwords.matches(password, unknownUserHash);
            log.info("Sign-in refused: unknown user");
            outcomes.executeWithoutResult(status ->
                    audit.anonymous("identity.sign-in", AuditOutcome.DENIED, Map.of("reason", "unknown-account")));
            return new Refused();
        }
        EmployeeRecord employee = found.get();
        if (employee.status() == EmployeeStatus.DEPARTED) {
            passwords.matches(password, unknownUserHash);
            log.info("Sign-in refused: account {} has departed", employee.id());
            outcomes.executeWithoutResult(status -> refused(employee, "account-departed"));
            return new Refused();
        }
        if (!partnerAdmits(employee)) {
            passwords.matches(password, unknownUserHash);
            log.info("Sign-in refused: account {} belongs to an inactive partner", employee.id());
            outcomes.executeWithoutResult(status -> refused(employee, "partner-inactive"));
            return new Refused();
        }
        if (passwordDisabled(employee)) {
            // Refused like any other failure (same answer, same hashing work), but not counted towards a
            // lock: the owner signs in through the provider, and a stranger's guesses cannot lock them out.
            passwords.matches(password, unknownUserHash);
            log.info("Sign-in refused: account {} signs in through single sign-on only", employee.id());
            outcomes.executeWithoutResult(status -> refused(employee, "password-disabled-sso"));
            return new Refused();
        }
        SecurityProperties.Lockout lockout = properties.lockout();
        boolean taken = Boolean.TRUE.equals(attempts.execute(status -> employees.takeAttempt(employee.id(), now,
                now.minus(lockout.window()), lockout.maxFailures())));
        if (!taken) {
            // Same hashing work as any other answer, so the time does not tell that the account is locked.
            passwords.matches(password, unknownUserHash);
            log.info("Sign-in refused: account {} is locked or out of attempts", employee.id());
            outcomes.executeWithoutResult(status -> refused(employee, "account-locked"));
            return new Refused();
        }
        boolean passwordMatches = passwords.matches(password, employee.passwordHash());
        OptionalLong matched = OptionalLong.empty();
        if (passwordMatches && employee.totpEnabled() && employee.totpSecret() != null && otp != null) {
            matched = secondFactor.match(java.util.Objects.requireNonNull(secrets.reveal(employee)), otp.strip(), now);
        }
        OptionalLong code = matched;
        return java.util.Objects.requireNonNull(outcomes.execute(status -> {
            if (!passwordMatches) {
                return fail(employee, now, "wrong-password");
            }
            if (employee.oneTimePasswordExpired(now)) {
                // Issued by an administrator more than a day ago and never used: asked for again (issue 24.4).
                return fail(employee, now, "one-time-password-expired");
            }
            Long step = null;
            if (!employee.totpEnabled() && employees.passkeyCount(employee.username()) > 0) {
                // A passkey is this account's second factor: the password alone no longer signs in.
                return fail(employee, now, "passkey-required");
            }
            if (employee.totpEnabled() && employee.totpSecret() != null) {
                if (code.isEmpty() || !employees.consumeTotpStep(employee.id(), code.getAsLong())) {
                    return fail(employee, now, "wrong-or-reused-code");
                }
                step = code.getAsLong();
            }
            if (!employees.recordSuccess(employee.id(), now, step)) {
                log.info("Sign-in refused: account {} was locked while its password was checked", employee.id());
                refused(employee, "account-locked");
                return new Refused();
            }
            log.info("Sign-in accepted for account {}", employee.id());
            audit.accountBy(employee.toUser().actor(), "identity.sign-in", AuditOutcome.ALLOWED, employee.id(),
                    Map.of("secondFactor", employee.totpEnabled()));
            return new Accepted(stateOf(employee, now), step != null);
        }));
    }

    /**
     * Issue 24.1: the Custos one-time code of a person the provider has just signed in, whose role
     * needs a second factor the provider did not assert. Counted against the same lockout as the
     * sign-in form, and a code is used once, as there.
     */
    Outcome secondFactorAfterSso(UUID employeeId, String otp, java.util.function.@Nullable BooleanSupplier link) {
        Instant now = clock.instant();
        Optional<EmployeeRecord> found = employees.findById(employeeId);
        if (found.isEmpty()) {
            return new Refused();
        }
        EmployeeRecord employee = found.get();
        if (employee.status() == EmployeeStatus.DEPARTED || !partnerAdmits(employee)
                || !employee.totpEnabled() || employee.totpSecret() == null) {
            outcomes.executeWithoutResult(status -> refusedSso(employee, "account-refused"));
            return new Refused();
        }
        SecurityProperties.Lockout lockout = properties.lockout();
        boolean taken = Boolean.TRUE.equals(attempts.execute(status -> employees.takeAttempt(employee.id(), now,
                now.minus(lockout.window()), lockout.maxFailures())));
        if (!taken) {
            outcomes.executeWithoutResult(status -> refusedSso(employee, "account-locked"));
            return new Refused();
        }
        OptionalLong code = secondFactor.match(java.util.Objects.requireNonNull(secrets.reveal(employee)),
                otp.strip(), now);
        return java.util.Objects.requireNonNull(outcomes.execute(status -> {
            if (code.isEmpty() || !employees.consumeTotpStep(employee.id(), code.getAsLong())) {
                return fail(employee, now, "wrong-or-reused-code", "sso");
            }
            if (link != null && !link.getAsBoolean()) {
                // Linked meanwhile to another subject: the code is used up, the sign-in refused.
                refusedSso(employee, "subject-mismatch");
                return new Refused();
            }
            if (!employees.recordSuccess(employee.id(), now, code.getAsLong())) {
                refusedSso(employee, "account-locked");
                return new Refused();
            }
            log.info("Sign-in accepted for account {} (single sign-on, Custos code)", employee.id());
            audit.accountBy(employee.toUser().actor(), "identity.sign-in", AuditOutcome.ALLOWED, employee.id(),
                    Map.of("secondFactor", true, "method", "sso", "secondFactorFrom", "custos"));
            return new Accepted(stateOf(employee, now), true);
        }));
    }

    private void refusedSso(EmployeeRecord employee, String reason) {
        audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(),
                Map.of("reason", reason, "method", "sso"));
    }

    /**
     * A sign-in with a passkey whose signature Spring Security's relying party has verified (issue
     * 24.2). The same refusals as {@link #attempt} for departed, locked and partner-inactive
     * accounts; a passkey without user verification (PIN or biometrics) proves possession only and
     * is refused, because here it would stand for both factors. Not counted against the lockout: a
     * forged assertion cannot be guessed, and a locked account is refused anyway.
     */
    public Outcome attemptWithPasskey(String username, boolean userVerified) {
        Instant now = clock.instant();
        Optional<EmployeeRecord> found = employees.findByUsername(username);
        if (found.isEmpty()) {
            log.info("Passkey sign-in refused: the passkey's account is gone");
            outcomes.executeWithoutResult(status ->
                    audit.anonymous("identity.sign-in", AuditOutcome.DENIED, Map.of("reason", "unknown-account",
                            "method", "passkey")));
            return new Refused();
        }
        EmployeeRecord employee = found.get();
        String refusal = employee.status() == EmployeeStatus.DEPARTED ? "account-departed"
                : !partnerAdmits(employee) ? "partner-inactive"
                : employee.lockedAt(now) ? "account-locked"
                : !userVerified ? "passkey-not-user-verified" : null;
        return java.util.Objects.requireNonNull(outcomes.execute(status -> {
            if (refusal != null || !employees.recordSuccess(employee.id(), now, null)) {
                String why = refusal == null ? "account-locked" : refusal;
                log.info("Passkey sign-in refused for account {}: {}", employee.id(), why);
                audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(),
                        Map.of("reason", why, "method", "passkey"));
                return new Refused();
            }
            log.info("Passkey sign-in accepted for account {}", employee.id());
            audit.accountBy(employee.toUser().actor(), "identity.sign-in", AuditOutcome.ALLOWED, employee.id(),
                    Map.of("secondFactor", true, "method", "passkey"));
            return new Accepted(stateOf(employee, now), true);
        }));
    }

    /** A passkey assertion that failed verification (unknown credential, bad signature, stale challenge). */
    void passkeyRejected() {
        log.info("Passkey sign-in refused: the assertion did not verify");
        outcomes.executeWithoutResult(status -> audit.anonymous("identity.sign-in", AuditOutcome.DENIED,
                Map.of("reason", "passkey-invalid", "method", "passkey")));
    }

    /** The lockout rule in force, for the sign-in page to state it: failures, window and lock in minutes. */
    /** Page sessions one person may have at once (custos.security.max-sessions). */
    public int maxSessions() {
        return properties.maxSessions();
    }

    public List<Long> lockoutRule() {
        SecurityProperties.Lockout lockout = properties.lockout();
        return List.of((long) lockout.maxFailures(), lockout.window().toMinutes(), lockout.duration().toMinutes());
    }

    /**
     * Reloads a signed-in person; empty when the account is gone, departed or locked meanwhile, or
     * belongs to a partner that is no longer active.
     */
    public Optional<AccountState> current(UUID employeeId) {
        Instant now = clock.instant();
        return employees.findById(employeeId)
                .filter(e -> e.status() != EmployeeStatus.DEPARTED && !e.lockedAt(now) && partnerAdmits(e))
                .map(e -> stateOf(e, now));
    }

    /** The signed-in person behind a live bearer token (by its hash), as {@link #current} judges them. */
    Optional<AccountState> currentByToken(String tokenHash) {
        Instant now = clock.instant();
        return employees.findByLiveToken(tokenHash, now)
                .filter(e -> e.status() != EmployeeStatus.DEPARTED && !e.lockedAt(now) && partnerAdmits(e))
                .map(e -> stateOf(e, now));
    }

    /** Staff always; a partner's user only while the partner is active (fails closed without a register). */
    boolean partnerAdmits(EmployeeRecord employee) {
        if (employee.partnerId() == null) {
            return true;
        }
        PartnerStanding standing = partners.getIfAvailable();
        return standing != null && standing.activePartner(employee.partnerId());
    }

    /** Issue 24.1: an account linked to the provider signs in there only, when the deployment says so. */
    boolean passwordDisabled(EmployeeRecord employee) {
        return sso.enabled() && sso.disableLocalPasswords() && employee.ssoLinked();
    }

    AccountState stateOf(EmployeeRecord employee, Instant now) {
        Set<PendingAction> pending = EnumSet.noneOf(PendingAction.class);
        if (!passwordDisabled(employee) && (employee.mustChangePassword()
                || employee.passwordChangedAt().plus(properties.password().maxAge()).isBefore(now))) {
            pending.add(PendingAction.CHANGE_PASSWORD);
        }
        if (properties.secondFactorRequired(employee.roles()) && !employee.totpEnabled()
                && employees.passkeyCount(employee.username()) == 0) {
            pending.add(PendingAction.ENROL_SECOND_FACTOR);
        }
        return new AccountState(employee.toUser(), pending, employee.credentialVersion());
    }

    private Outcome fail(EmployeeRecord employee, Instant now, String why) {
        return fail(employee, now, why, null);
    }

    private Outcome fail(EmployeeRecord employee, Instant now, String why, @Nullable String method) {
        SecurityProperties.Lockout lockout = properties.lockout();
        if (method == null) {
            refused(employee, why);
        } else {
            audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(),
                    Map.of("reason", why, "method", method));
        }
        if (employees.lockIfTooManyFailures(employee.id(), lockout.maxFailures(), now, now.plus(lockout.duration()))) {
            log.warn("Account {} locked for {} after {} failed sign-ins", employee.id(), lockout.duration(),
                    lockout.maxFailures());
            audit.accountBy(Actor.system("lockout"), "identity.account.locked", AuditOutcome.ALLOWED, employee.id(),
                    Map.of("failures", lockout.maxFailures(), "minutes", lockout.duration().toMinutes()));
        }
        log.info("Sign-in refused for account {}: {}", employee.id(), why);
        return new Refused();
    }

    /**
     * Audits a throttled try, at most once per limit and key within the throttle's period (a flood
     * of refused tries is one event). The name is recorded only as the account it names, if any.
     */
    private void throttled(String username, String limit, String key) {
        log.info("Sign-in throttled: too many tries per {}", limit);
        if (!throttledAudits.take(limit + "\n" + key).allowed()) {
            return;
        }
        Optional<EmployeeRecord> found = username.length() > 64 ? Optional.empty() : employees.findByUsername(username);
        Map<String, Object> details = Map.of("reason", "throttled", "limit", limit);
        outcomes.executeWithoutResult(status -> found.ifPresentOrElse(
                employee -> audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(), details),
                () -> audit.anonymous("identity.sign-in", AuditOutcome.DENIED, details)));
    }

    /** The name was typed by someone not yet proven to be its owner: the actor is anonymous. */
    private void refused(EmployeeRecord employee, String reason) {
        audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(),
                Map.of("reason", reason));
    }
}
