package io.custos.identity;

import java.io.IOException;
import java.io.Serial;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * Sign-in through the company's OpenID provider (issue 24.1, R-IT-1). The provider says who someone
 * is in a signed ID token (Spring Security checks its signature, issuer, audience and expiry before
 * this runs); Custos decides whether that someone has an account here and what it may do:
 * <ul>
 * <li>the first sign-in finds the account by the configured claim and links it to the provider's
 * (issuer, subject); later ones find it by that pair only, and another subject presenting the same
 * username or e-mail is refused, so a rename at the provider takes no account over;</li>
 * <li>departed, locked and partner accounts are refused as the sign-in form refuses them;</li>
 * <li>a role that needs a second factor needs one named by the configuration in the token's
 * {@code amr}/{@code acr}, or the person's Custos code on the next page before the session counts;</li>
 * <li>every attempt is audited as {@code identity.sign-in} with {@code method=sso} and, when
 * refused, a reason code; never the token or a claim's value.</li>
 * </ul>
 * The session then is a form sign-in's: a {@link CustosUser} principal, stamped for the absolute
 * timeout and the credential version.
 */
@Service
public class SsoSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);

    /** Session attribute: the second factor of this session was asserted by the provider. */
    static final String PROVIDER_SECOND_FACTOR = SsoSignIn.class.getName() + ".providerSecondFactor";
    /** Session attribute: this session was signed in through the provider, without a password. */
    static final String SIGNED_IN_BY_SSO = SsoSignIn.class.getName() + ".signedInBySso";
    /** Session attribute: the person the provider signed in, waiting for their Custos code. */
    static final String PENDING = SsoSignIn.class.getName() + ".pending";
    /** How long the code page waits after the provider's answer. */
    static final long PENDING_MILLIS = 5 * 60_000L;
    public static final String STEP_UP_PAGE = "/login/sso/second-factor";

    private final EmployeeRepository employees;
    private final SignIn signIn;
    private final SsoProperties properties;
    private final boolean requireSecondFactorForAll;
    private final IdentityAudit audit;
    private final RoleGrants grants;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    /** After the code page: a new session id, and the limit of sessions at once, as a form sign-in has. */
    private final SessionAuthenticationStrategy stepUpSessions;

    SsoSignIn(EmployeeRepository employees, SignIn signIn, SsoProperties properties, IdentityAudit audit,
            RoleGrants grants, PasswordEncoder passwords, PasswordPolicy policy, Clock clock,
            PlatformTransactionManager transactionManager, org.springframework.context.ApplicationEventPublisher events,
            org.springframework.security.core.session.SessionRegistry registry, SecurityProperties security) {
        this.events = events;
        var concurrent = new org.springframework.security.web.authentication.session
                .ConcurrentSessionControlAuthenticationStrategy(registry);
        concurrent.setMaximumSessions(security.maxSessions());
        this.stepUpSessions = new org.springframework.security.web.authentication.session
                .CompositeSessionAuthenticationStrategy(List.of(concurrent,
                new org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy(),
                new org.springframework.security.web.authentication.session
                        .RegisterSessionAuthenticationStrategy(registry)));
        this.requireSecondFactorForAll = security.requireSecondFactorForAll();
        this.employees = employees;
        this.signIn = signIn;
        this.properties = properties;
        this.audit = audit;
        this.grants = grants;
        this.passwords = passwords;
        this.policy = policy;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Whether the sign-in page offers the provider, and under which name. */
    public Optional<String> providerName() {
        return properties.enabled() ? Optional.of(properties.providerName()) : Optional.empty();
    }

    /** The path that starts a sign-in at the provider. */
    public static String startPath() {
        return "/oauth2/authorization/" + SsoProperties.REGISTRATION_ID;
    }

    /**
     * A refusal: the reason goes to the audit log, the page shows {@code page} ({@code refused} or
     * {@code no-second-factor}), the person learns nothing more.
     */
    static final class Refusal extends OAuth2AuthenticationException {
        @Serial
        private static final long serialVersionUID = 1L;

        Refusal(String page) {
            super(new OAuth2Error(page), "Single sign-on refused");
        }
    }

    /** The provider's person as Custos knows them; named by the Custos username for the session registry. */
    static final class Linked extends DefaultOidcUser {
        @Serial
        private static final long serialVersionUID = 1L;
        private final UUID employeeId;
        private final String username;
        private final boolean stepUp;
        private final boolean providerSecondFactor;
        /** Set while the account is still to be linked (after the code page). */
        private final @Nullable String issuer;
        private final @Nullable String subject;

        Linked(OidcIdToken token, UUID employeeId, String username, boolean stepUp, boolean providerSecondFactor,
                @Nullable String issuer, @Nullable String subject) {
            super(List.of(), token);
            this.issuer = issuer;
            this.subject = subject;
            this.employeeId = employeeId;
            this.username = username;
            this.stepUp = stepUp;
            this.providerSecondFactor = providerSecondFactor;
        }

        @Override
        public String getName() {
            return username;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Linked linked && linked.employeeId.equals(employeeId) && super.equals(other);
        }

        @Override
        public int hashCode() {
            return employeeId.hashCode();
        }
    }

    private record Decision(@Nullable Linked linked, @Nullable String refusedPage) {
    }

    /** Only the signed ID token's claims count; the user-info endpoint is not asked. */
    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcIdToken token = request.getIdToken();
        Decision decision = java.util.Objects.requireNonNull(transactions.execute(status -> decide(token)));
        if (decision.linked() == null) {
            throw new Refusal(java.util.Objects.requireNonNullElse(decision.refusedPage(), "refused"));
        }
        return decision.linked();
    }

    private Decision decide(OidcIdToken token) {
        Instant now = clock.instant();
        String issuer = String.valueOf(token.getIssuer());
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            return refuse(null, "subject-missing");
        }
        EmployeeRecord employee = employees.findBySsoSubject(issuer, subject).orElse(null);
        if (employee == null) {
            String claim = properties.matchByEmail() ? properties.emailClaim() : properties.usernameClaim();
            String value = token.getClaimAsString(claim);
            if (value == null || value.isBlank() || value.length() > 320) {
                return refuse(null, "claim-missing");
            }
            if (properties.matchByEmail() && Boolean.FALSE.equals(token.getClaimAsBoolean("email_verified"))) {
                return refuse(null, "email-unverified");
            }
            List<EmployeeRecord> candidates = properties.matchByEmail() ? employees.findByEmail(value)
                    : employees.findByUsername(value).map(List::of).orElse(List.of());
            if (candidates.size() > 1) {
                return refuse(null, "ambiguous-match");
            }
            if (candidates.isEmpty()) {
                if (!properties.provisioning().enabled()) {
                    return refuse(null, "unknown-account");
                }
                Optional<EmployeeRecord> made = provision(token, issuer, subject, value, now);
                if (made.isEmpty()) {
                    return refuse(null, "unknown-account");
                }
                employee = made.get();
            } else {
                employee = candidates.get(0);
                if (employee.ssoLinked()) {
                    // Linked to another subject (or another issuer): the provider's name for someone
                    // changed hands, or two people share it. Never the account of whoever holds it now.
                    return refuse(employee, "subject-mismatch");
                }
            }
        }
        Optional<String> standing = standing(employee, now);
        if (standing.isPresent()) {
            return refuse(employee, standing.get());
        }
        boolean firstLink = !employee.ssoLinked();
        boolean providerSecondFactor = providerSecondFactor(token);
        boolean stepUp = false;
        // The first link of a privileged account takes the Custos code whatever the provider says: a
        // provider-side account that merely bears an administrator's name must not become theirs.
        // With a second factor required of everyone (issue 24.7), anyone else without the provider's
        // second factor types their Custos code, or, without one yet, is held on the enrolment page.
        boolean privileged = Role.requiresSecondFactor(employee.roles());
        boolean enrolled = employee.totpEnabled() && employee.totpSecret() != null;
        if ((privileged && (firstLink || !providerSecondFactor))
                || (!privileged && requireSecondFactorForAll && !providerSecondFactor && enrolled)) {
            if (!enrolled) {
                refuse(employee, "second-factor-missing");
                return new Decision(null, "no-second-factor");
            }
            stepUp = true;
        }
        if (!stepUp) {
            if (firstLink && !employees.linkSso(employee.id(), issuer, subject)) {
                return refuse(employee, "subject-mismatch");
            }
            if (!employees.recordSuccess(employee.id(), now, null)) {
                return refuse(employee, "account-locked");
            }
            log.info("Sign-in accepted for account {} (single sign-on)", employee.id());
            audit.accountBy(employee.toUser().actor(), "identity.sign-in", AuditOutcome.ALLOWED, employee.id(),
                    Map.of("secondFactor", providerSecondFactor, "method", "sso",
                            "secondFactorFrom", providerSecondFactor ? "provider" : "none"));
        }
        return new Decision(new Linked(token, employee.id(), employee.username(), stepUp,
                providerSecondFactor && !firstLink, firstLink ? issuer : null, firstLink ? subject : null), null);
    }

    /** Why the account may not sign in now, as the sign-in form would refuse it. */
    private Optional<String> standing(EmployeeRecord employee, Instant now) {
        if (employee.status() == EmployeeStatus.DEPARTED) {
            return Optional.of("account-departed");
        }
        if (employee.partnerId() != null) {
            // The company's provider speaks for the company's staff, not for a partner's users.
            return Optional.of("partner-account");
        }
        if (employee.lockedAt(now)) {
            return Optional.of("account-locked");
        }
        return Optional.empty();
    }

    private boolean providerSecondFactor(OidcIdToken token) {
        List<String> amr = token.getAuthenticationMethods();
        if (amr != null && amr.stream().anyMatch(properties.secondFactorAmr()::contains)) {
            return true;
        }
        String acr = token.getAuthenticationContextClass();
        return acr != null && properties.secondFactorAcr().contains(acr);
    }

    /**
     * An account for a person the provider knows and Custos does not, only when provisioning is on:
     * roles from the configured claim through the mapping (never a separated duty: refused at
     * start-up), those that reach customer content requested for a second person's approval.
     * Its password is random and never shown: the person signs in through the provider.
     */
    private Optional<EmployeeRecord> provision(OidcIdToken token, String issuer, String subject, String matched,
            Instant now) {
        String username = properties.matchByEmail() ? token.getClaimAsString(properties.usernameClaim()) : matched;
        if (username == null || username.isBlank() || username.length() > 64 || employees.usernameTaken(username)) {
            return Optional.empty();
        }
        List<String> groups = Optional.ofNullable(token.getClaimAsStringList(properties.provisioning().roleClaim()))
                .orElse(List.of());
        Set<Role> mapped = properties.provisioning().rolesFor(groups);
        mapped.removeAll(Role.SEPARATED_DUTIES);
        Set<Role> content = EnumSet.noneOf(Role.class);
        mapped.stream().filter(Role.CUSTOMER_CONTENT::contains).forEach(content::add);
        Set<Role> held = EnumSet.copyOf(mapped.isEmpty() ? EnumSet.noneOf(Role.class) : mapped);
        held.removeAll(content);
        String name = Optional.ofNullable(token.getFullName()).filter(n -> !n.isBlank() && n.length() <= 200)
                .orElse(username);
        String email = Optional.ofNullable(token.getEmail()).filter(e -> e.length() <= 320).orElse(null);
        UUID id = UUID.randomUUID();
        employees.insert(id, username, name, email, null, null, EmployeeStatus.ACTIVE,
                passwords.encode(policy.oneTimePassword()), false, now);
        employees.replaceRoles(id, held);
        employees.linkSso(id, issuer, subject);
        events.publishEvent(new EmployeeChanged(id, null, Set.of(), Set.copyOf(held), null, null,
                EmployeeStatus.ACTIVE, EmployeeStatus.ACTIVE));
        Actor provisioning = Actor.system("sso-provisioning");
        audit.accountBy(provisioning, "identity.employee.created", AuditOutcome.ALLOWED, id,
                Map.of("roles", held.stream().map(Role::name).sorted().toList(), "department", "none",
                        "method", "sso"));
        if (!content.isEmpty()) {
            grants.requestFromClaim(id, content, provisioning);
        }
        log.info("Account {} created at its first single sign-on", id);
        return employees.findById(id);
    }

    private Decision refuse(@Nullable EmployeeRecord employee, String reason) {
        if (employee == null) {
            audit.anonymous("identity.sign-in", AuditOutcome.DENIED, Map.of("reason", reason, "method", "sso"));
            log.info("Single sign-on refused: {}", reason);
        } else {
            audit.accountBy(Actor.ANONYMOUS, "identity.sign-in", AuditOutcome.DENIED, employee.id(),
                    Map.of("reason", reason, "method", "sso"));
            log.info("Single sign-on refused for account {}: {}", employee.id(), reason);
        }
        return new Decision(null, "refused");
    }

    /**
     * After the provider's answer: either the session is signed in as a form sign-in would make
     * it, or (a privileged role without the provider's second factor) it holds only the pending
     * person and sends them to the code page; no other page treats them as signed in.
     */
    final class SuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {
        SuccessHandler() {
            setDefaultTargetUrl("/");
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                Authentication authentication) throws IOException, jakarta.servlet.ServletException {
            if (!(authentication.getPrincipal() instanceof Linked linked)) {
                throw new IllegalStateException("not a single sign-on");
            }
            if (linked.stepUp) {
                SecurityContext empty = SecurityContextHolder.createEmptyContext();
                SecurityContextHolder.setContext(empty);
                contexts.saveContext(empty, request, response);
                request.getSession().setAttribute(PENDING, new Pending(linked.employeeId, clock.millis(),
                        linked.issuer, linked.subject));
                new DefaultRedirectStrategy().sendRedirect(request, response, STEP_UP_PAGE);
                return;
            }
            Optional<AccountState> state = signIn.current(linked.employeeId);
            if (state.isEmpty()) {
                failure().onAuthenticationFailure(request, response, new Refusal("refused"));
                return;
            }
            establish(request, response, state.get(), linked.providerSecondFactor, linked.providerSecondFactor);
            super.onAuthenticationSuccess(request, response,
                    SecurityContextHolder.getContext().getAuthentication());
        }
    }

    /** The person waiting for the code page: who and since when. */
    record Pending(UUID employeeId, long since, @Nullable String issuer, @Nullable String subject)
            implements java.io.Serializable {
    }

    /** @param secondFactor whether a second factor was proven, the provider's or the Custos code */
    private void establish(HttpServletRequest request, HttpServletResponse response, AccountState state,
            boolean providerSecondFactor, boolean secondFactor) {
        var token = CustosAuthenticationProvider.authenticated(state.user());
        token.setDetails(new CustosAuthenticationProvider.SignedInDetails(request.getRemoteAddr(),
                request.getSession().getId(), state.credentialVersion(), secondFactor));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(token);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        HttpSession session = request.getSession();
        session.removeAttribute(PENDING);
        session.setAttribute(PROVIDER_SECOND_FACTOR, providerSecondFactor);
        session.setAttribute(SIGNED_IN_BY_SSO, true);
        session.setAttribute(AccountRefreshFilter.AUTHENTICATED_AT, clock.millis());
        SignedInSessions.keep(request, state.credentialVersion());
        SignedInSessions.signedIn(request, secondFactor);
    }

    /** Whether this session holds a person waiting for the code page. */
    public boolean stepUpPending(HttpServletRequest request) {
        return pending(request).isPresent();
    }

    private Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(PENDING) instanceof Pending pending) {
            if (clock.millis() - pending.since() <= PENDING_MILLIS) {
                return Optional.of(pending);
            }
            session.removeAttribute(PENDING);
        }
        return Optional.empty();
    }

    /**
     * The code page's answer. On success the session gets a new id, counts against the person's
     * sessions at once, and is signed in; a wrong code leaves it waiting (the lockout counts).
     */
    public boolean completeStepUp(HttpServletRequest request, HttpServletResponse response, String otp) {
        Optional<Pending> pending = pending(request);
        if (pending.isEmpty()) {
            return false;
        }
        Pending waiting = pending.get();
        SignIn.Outcome outcome = signIn.secondFactorAfterSso(waiting.employeeId(), otp,
                waiting.issuer() == null || waiting.subject() == null ? null
                        : () -> employees.linkSso(waiting.employeeId(), waiting.issuer(), waiting.subject()));
        if (!(outcome instanceof SignIn.Accepted accepted)) {
            return false;
        }
        stepUpSessions.onAuthentication(CustosAuthenticationProvider.authenticated(accepted.account().user()), request,
                response);
        establish(request, response, accepted.account(), false, true);
        return true;
    }

    /** Every failure lands on the sign-in page with one of a few translated messages. */
    AuthenticationFailureHandler failure() {
        return (request, response, exception) -> {
            String page = "refused";
            if (exception instanceof Refusal refusal) {
                page = refusal.getError().getErrorCode();
            } else {
                // Refused before Custos looked (token, audience, expiry, state) or the provider unreachable.
                transactions.executeWithoutResult(status -> audit.anonymous("identity.sign-in", AuditOutcome.DENIED,
                        Map.of("reason", reasonOf(exception), "method", "sso")));
                log.info("Single sign-on refused: {}", reasonOf(exception));
            }
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(PENDING);
            }
            new DefaultRedirectStrategy().sendRedirect(request, response, "/login?sso=" + page);
        };
    }

    /** A fixed code from the library's error, never its description (it may quote a claim). */
    static String reasonOf(AuthenticationException exception) {
        if (exception instanceof OAuth2AuthenticationException oauth) {
            String code = oauth.getError().getErrorCode();
            if (code != null && code.matches("[a-z_]{1,40}")) {
                return code.replace('_', '-');
            }
        }
        return "provider-error";
    }
}
