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
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.config.annotation.authentication.builders.AuthenticationManagerBuilder;
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
@EnableConfigurationProperties({SecurityProperties.class, SsoProperties.class})
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
            @Value("${server.servlet.session.cookie.name:SESSION}") String sessionCookie, SsoProperties sso,
            SsoSignIn ssoSignIn, WebAuthnRelyingPartyOperations relyingParty, PasskeyProperties passkeys)
            throws Exception {
        if (sso.enabled()) {
            SsoConfiguration.configure(http, sso, ssoSignIn);
        }
        // Spring's WebAuthn configurer insists on a UserDetailsService; ours signs in through SignIn instead.
        http.setSharedObject(UserDetailsService.class, username -> {
            throw new UsernameNotFoundException("Custos signs in through SignIn");
        });
        // No parent manager: the provider is also a bean, which Spring Security would put in the global
        // manager as well, and a refused sign-in would then be tried twice (two passwords checked, two
        // failures toward the lockout, two tries of each throttle). Its own providers stay, so that
        // single sign-on's provider joins it.
        http.getSharedObject(AuthenticationManagerBuilder.class).parentAuthenticationManager(null);
        http.authenticationProvider(provider)
                .headers(SecurityHeaders::apply)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/login", "/error", "/webjars/**", "/css/**", "/js/**", "/img/**",
                                "/favicon.ico", "/problems/**", SsoSignIn.STEP_UP_PAGE, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
                                "/swagger-ui.html").permitAll()
                        .requestMatchers(HttpMethod.GET, "/verify/destruction", "/verify/destruction/*").permitAll()
                        // The link to a one-time password is opened by its owner before they can sign in (issue 24.4).
                        .requestMatchers("/one-time-password").permitAll()
                        // Spring's own passkey registration and removal: unaudited, unguarded; the
                        // account pages do both (Passkeys), so these answer 403 (issue 24.2).
                        .requestMatchers("/webauthn/register", "/webauthn/register/**").denyAll()
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
                .webAuthn(webAuthn -> webAuthn
                        .rpId(passkeys.rpId())
                        .rpName(passkeys.rpName())
                        .disableDefaultRegistrationPage(true)
                        .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                            @Override
                            public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                                passkeySignIn(filter, http, relyingParty, signIn, clock);
                                return filter;
                            }
                        }))
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
     * Password-less sign-in (issue 24.2) through Spring's WebAuthn filter, made a Custos sign-in:
     * {@link PasskeyAuthenticationProvider} instead of Spring's, and the session strategy of form
     * sign-in (new session id, at most {@code max-sessions}), which Spring's configurer leaves out.
     */
    private static void passkeySignIn(WebAuthnAuthenticationFilter filter, HttpSecurity http,
            WebAuthnRelyingPartyOperations relyingParty, SignIn signIn, Clock clock) {
        filter.setAuthenticationManager(new ProviderManager(new PasskeyAuthenticationProvider(relyingParty, signIn)));
        SessionAuthenticationStrategy strategy = http.getSharedObject(SessionAuthenticationStrategy.class);
        if (strategy != null) {
            filter.setSessionAuthenticationStrategy(strategy);
        }
        HttpMessageConverterAuthenticationSuccessHandler answer = new HttpMessageConverterAuthenticationSuccessHandler();
        filter.setAuthenticationSuccessHandler((request, response, authentication) -> {
            stamp(request, authentication, clock);
            answer.onAuthenticationSuccess(request, response, authentication);
        });
    }

    static void stamp(HttpServletRequest request, Authentication authentication, Clock clock) {
        request.getSession().setAttribute(AccountRefreshFilter.AUTHENTICATED_AT, clock.millis());
        if (authentication.getDetails() instanceof CustosAuthenticationProvider.SignedInDetails details) {
            SignedInSessions.keep(request, details.credentialVersion());
            SignedInSessions.signedIn(request, details.secondFactor());
        } else {
            SignedInSessions.signedIn(request, false);
        }
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
            stamp(request, authentication, clock);
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }
}
