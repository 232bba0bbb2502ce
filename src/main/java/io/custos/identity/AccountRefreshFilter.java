package io.custos.identity;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.custos.shared.web.Problems;

/**
 * Runs on every authenticated request, page or API:
 * <ul>
 * <li>reloads the person, so a departure, a lock or a role change applies to live sessions at once;</li>
 * <li>ends a page session made before the person's password changed or was reset (issue 13.6);</li>
 * <li>ends a page session 12 h after sign-in whatever the activity (the absolute timeout);</li>
 * <li>holds the person on the password or second-factor page while that is pending.</li>
 * </ul>
 */
class AccountRefreshFilter extends OncePerRequestFilter {

    /** Request attribute: the {@link AccountState} an earlier filter loaded during this request. */
    static final String FRESH_ACCOUNT = AccountRefreshFilter.class.getName() + ".freshAccount";
    static final String AUTHENTICATED_AT = AccountRefreshFilter.class.getName() + ".authenticatedAt";
    private static final List<String> ALLOWED_WHILE_PENDING = List.of("/account/", "/logout", "/login", "/error",
            "/webjars/", "/css/", "/js/", "/img/", "/favicon", "/problems/", "/api/v1/account/", "/api/v1/auth/token",
            "/api/v1/me");

    private final SignIn signIn;
    private final Problems problems;
    private final Clock clock;
    private final Duration absoluteTimeout;

    AccountRefreshFilter(SignIn signIn, Problems problems, Clock clock, Duration absoluteTimeout) {
        this.signIn = signIn;
        this.problems = problems;
        this.clock = clock;
        this.absoluteTimeout = absoluteTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof CustosUser user)) {
            chain.doFilter(request, response);
            return;
        }
        boolean api = request.getRequestURI().startsWith("/api/");
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(AUTHENTICATED_AT) instanceof Long at
                && clock.millis() - at > absoluteTimeout.toMillis()) {
            endSession(request, response, api);
            return;
        }
        Optional<AccountState> state = request.getAttribute(FRESH_ACCOUNT) instanceof AccountState fresh
                && fresh.user().id().equals(user.id()) ? Optional.of(fresh) : signIn.current(user.id());
        if (state.isEmpty() || (session != null && SignedInSessions.outdated(session, state.get().credentialVersion()))) {
            endSession(request, response, api);
            return;
        }
        UsernamePasswordAuthenticationToken fresh = CustosAuthenticationProvider.authenticated(state.get().user());
        fresh.setDetails(authentication.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(fresh);
        SecurityContextHolder.setContext(context);

        // Issue 24.1: a session signed in through the provider used no password, so the password's age
        // does not hold it; one whose second factor the provider asserted (amr/acr) needs no enrolment.
        boolean bySso = session != null && Boolean.TRUE.equals(session.getAttribute(SsoSignIn.SIGNED_IN_BY_SSO));
        boolean providerSecondFactor = session != null
                && Boolean.TRUE.equals(session.getAttribute(SsoSignIn.PROVIDER_SECOND_FACTOR));
        Optional<PendingAction> pending = state.get().pendingActions().stream()
                .filter(action -> !(bySso && action == PendingAction.CHANGE_PASSWORD))
                .filter(action -> !(providerSecondFactor && action == PendingAction.ENROL_SECOND_FACTOR))
                .min(Comparator.comparingInt(Enum::ordinal));
        if (pending.isPresent() && !allowedWhilePending(request)) {
            if (api) {
                problems.write(request, response, HttpStatus.FORBIDDEN, pending.get().problemCode());
            } else {
                response.sendRedirect(request.getContextPath() + pending.get().page());
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private void endSession(HttpServletRequest request, HttpServletResponse response, boolean api) throws IOException {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        if (api) {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "token-invalid");
        } else {
            response.sendRedirect(request.getContextPath() + "/login?expired");
        }
    }

    private static boolean allowedWhilePending(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return ALLOWED_WHILE_PENDING.stream().anyMatch(path::startsWith);
    }
}
