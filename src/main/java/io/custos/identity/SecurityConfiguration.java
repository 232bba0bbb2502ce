package io.custos.identity;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import io.custos.shared.web.Problems;
import io.custos.shared.web.SecurityHeaders;
import io.custos.shared.web.StatelessApi;

/**
 * Two filter chains. {@code /api/**} and the actuator: stateless, bearer tokens only, no cookies,
 * so no CSRF exposure. Everything else: pages with form sign-in, CSRF tokens, a new session id at
 * sign-in, 30 min idle and 12 h absolute timeouts, at most {@code max-sessions} sessions per person
 * (kept in the database: {@link PageSessions}). Both send the same security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = SecurityHeaders.CONTENT_SECURITY_POLICY;

    /**
     * What a partner organisation's user may reach (issue 15.1): the home page (which sends them to
     * their own), their partner pages, the customers shared with them and the grants they run under,
     * their account; everything else
     * is staff-only and refused with 403 before any controller runs. The controllers behind these
     * paths check the partner themselves (another partner's object is a 404).
     */
    static final String[] PARTNER_PAGES = {"/", "/partner", "/partner/**", "/shared", "/shared/**", "/account",
            "/account/**", "/sharing/grants", "/sharing/grants/*"};
    static final String[] PARTNER_API = {"/api/v1/partner/**", "/api/v1/shared/**", "/api/v1/me",
            "/api/v1/account/**", "/api/v1/partners/*", "/api/v1/sharing/ndas/*/file", "/api/v1/sharing/grants",
            "/api/v1/sharing/grants/*"};

    /**
     * Signed in as one of our own accounts (staff or a partner's user), never as anything else: a
     * customer's portal sign-in ({@code portal.PortalCustomer}) passes no rule of these chains even
     * if it reached them (R-CUS-2).
     */
    static final AuthorizationManager<RequestAuthorizationContext> OWN_ACCOUNT = (authentication, context) ->
            new AuthorizationDecision(ownAccount(authentication.get()));

    /** Signed in as one of our own accounts, and not a partner's user. */
    static final AuthorizationManager<RequestAuthorizationContext> STAFF_ONLY = (authentication, context) -> {
        Authentication who = authentication.get();
        boolean staff = ownAccount(who) && !((CustosUser) who.getPrincipal()).partner()
                && who.getAuthorities().stream().noneMatch(a -> Role.PARTNER.authority().equals(a.getAuthority()));
        return new AuthorizationDecision(staff);
    };

    private static boolean ownAccount(@org.jspecify.annotations.Nullable Authentication who) {
        return who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)
                && who.getPrincipal() instanceof CustosUser;
    }

    /** Refusals by URL rules and by {@code @PreAuthorize} become events the audit module records. */
    @Bean
    AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher publisher) {
        return new SpringAuthorizationEventPublisher(publisher);
    }

    /**
     * No Spring Security observations: they wrap every filter of the chain, which on a 2-core
     * machine took a sixth of the CPU of an authenticated request (bench/results). The request
     * metrics of {@code http.server.requests} stay; the audit log records what security needs.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Being a bean also keeps Boot from creating its default in-memory user. */
    @Bean
    CustosAuthenticationProvider custosAuthenticationProvider(SignIn signIn) {
        return new CustosAuthenticationProvider(signIn);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, SignIn signIn, Problems problems,
            SecurityProperties properties, Clock clock) throws Exception {
        StatelessApi.configure(http, problems)
                .securityMatcher("/api/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Anyone holding a destruction certificate checks it (issue 16.5, R-DEL-4).
                        .requestMatchers(HttpMethod.GET, "/api/v1/destructions/verify/*").permitAll()
                        .requestMatchers("/actuator/**").access(AuthorizationManagers.allOf(OWN_ACCOUNT,
                                AuthorityAuthorizationManager.hasAnyRole("SYSTEM_ADMIN", "SECURITY_ADMIN")))
                        .requestMatchers(PARTNER_API).access(OWN_ACCOUNT)
                        .anyRequest().access(STAFF_ONLY))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AuthorizationFilter.class)
                .addFilterBefore(new AccountRefreshFilter(signIn, problems, clock, properties.sessionAbsoluteTimeout()),
                        AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, CustosAuthenticationProvider provider, SignIn signIn,
            Problems problems, SecurityProperties properties, IdentityAudit audit, Clock clock,
            SpringSessionBackedSessionRegistry<? extends Session> sessions, EmployeeRepository employees,
            @Value("${server.servlet.session.cookie.name:SESSION}") String sessionCookie) throws Exception {
        // Its own manager without a parent: the provider is also a bean, which Spring Security would put
        // in the global manager as well, and a refused sign-in would then be tried twice (two passwords
        // checked, two failures toward the lockout, two tries of each throttle).
        http.authenticationManager(new ProviderManager(provider))
                .headers(SecurityHeaders::apply)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/login", "/error", "/webjars/**", "/css/**", "/js/**", "/img/**",
                                "/favicon.ico", "/problems/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html").permitAll()
                        .requestMatchers(HttpMethod.GET, "/verify/destruction", "/verify/destruction/*").permitAll()
                        .requestMatchers("/admin/**").access(AuthorizationManagers.allOf(OWN_ACCOUNT,
                                AuthorityAuthorizationManager.hasRole("SYSTEM_ADMIN")))
                        .requestMatchers(PARTNER_PAGES).access(OWN_ACCOUNT)
                        .anyRequest().access(STAFF_ONLY))
                .formLogin(form -> form
                        .loginPage("/login")
                        .authenticationDetailsSource(new SignInDetails.Source())
                        .successHandler(new StampingSuccessHandler(clock))
                        .failureHandler(new SignInFailureHandler())
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((request, response, authentication) -> audit.signedOut(authentication))
                        .deleteCookies(sessionCookie))
                .sessionManagement(session -> session
                        .sessionFixation(fixation -> fixation.changeSessionId())
                        // Counted in the sessions table, so across nodes; the least recently used ends.
                        .maximumSessions(properties.maxSessions())
                        .sessionRegistry(sessions)
                        .expiredSessionStrategy(event -> {
                            // The registry knows the session's principal by name only.
                            if (event.getSessionInformation().getPrincipal() instanceof String username) {
                                employees.findByUsername(username).ifPresent(employee ->
                                        audit.sessionReplaced(employee.toUser(), properties.maxSessions()));
                            }
                            new DefaultRedirectStrategy().sendRedirect(event.getRequest(), event.getResponse(),
                                    "/login?replaced");
                        }))
                .csrf(Customizer.withDefaults())
                .addFilterBefore(new AccountRefreshFilter(signIn, problems, clock, properties.sessionAbsoluteTimeout()),
                        AuthorizationFilter.class);
        return http.build();
    }


    /**
     * A refused sign-in goes back to the page with {@code ?error}; a throttled one (issue 24.3) gets
     * the page again at once, with 429 and {@code Retry-After}, saying when to try again and keeping
     * the typed name (never the password).
     */
    private static final class SignInFailureHandler extends SimpleUrlAuthenticationFailureHandler {

        SignInFailureHandler() {
            super("/login?error");
        }

        @Override
        public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                org.springframework.security.core.AuthenticationException exception) throws IOException, ServletException {
            if (exception instanceof CustosAuthenticationProvider.ThrottledException throttled) {
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
                request.setAttribute(SignIn.THROTTLED_SECONDS, throttled.retryAfterSeconds());
                request.getRequestDispatcher(SignIn.THROTTLED_PAGE).forward(request, response);
                return;
            }
            super.onAuthenticationFailure(request, response, exception);
        }
    }

    /** Notes when the person signed in, for the absolute session timeout. */
    private static final class StampingSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {
        private final Clock clock;

        StampingSuccessHandler(Clock clock) {
            this.clock = clock;
            setDefaultTargetUrl("/");
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                Authentication authentication) throws ServletException, IOException {
            request.getSession().setAttribute(AccountRefreshFilter.AUTHENTICATED_AT, clock.millis());
            if (authentication.getDetails() instanceof CustosAuthenticationProvider.SignedInDetails details) {
                SignedInSessions.keep(request, details.credentialVersion());
            }
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
