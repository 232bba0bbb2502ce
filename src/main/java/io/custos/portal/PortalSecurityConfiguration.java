package io.custos.portal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.ott.InvalidOneTimeTokenException;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthentication;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.ott.GenerateOneTimeTokenFilter;
import org.springframework.security.web.authentication.ott.GenerateOneTimeTokenRequestResolver;
import org.springframework.security.web.authentication.ott.OneTimeTokenAuthenticationConverter;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.custos.shared.web.Problems;
import io.custos.shared.web.SecurityHeaders;
import io.custos.shared.web.StatelessApi;

/**
 * The portal's own two filter chains, ahead of the staff's (R-CUS-1, R-CUS-2). Pages under
 * {@code /portal}: sign-in by one-time link or code only (Spring Security's one-time-token login
 * with our token store), the sign-in kept in the session under a key of its own and with a CSRF
 * token of its own, so a customer and a member of staff in one browser never share a sign-in and
 * neither chain ever reads the other's. {@code /api/portal}: stateless, portal tokens ({@code cpt_})
 * only. Every rule asks for a {@link PortalCustomer} principal; the staff chains in turn accept
 * only their own principal. Same security headers as the staff's chains.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
class PortalSecurityConfiguration {

    /** The session attribute that holds the portal's sign-in (the staff's is Spring's default key). */
    static final String CONTEXT_KEY = "CUSTOS_PORTAL_SECURITY_CONTEXT";
    static final String CSRF_KEY = "CUSTOS_PORTAL_CSRF_TOKEN";

    static final String CONTENT_SECURITY_POLICY = SecurityHeaders.CONTENT_SECURITY_POLICY;

    /** Signed in to the portal as a customer: that principal and its one authority, nothing else. */
    static final AuthorizationManager<RequestAuthorizationContext> CUSTOMER_ONLY = (authentication, context) -> {
        Authentication who = authentication.get();
        boolean customer = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)
                && who.getPrincipal() instanceof PortalCustomer
                && who.getAuthorities().stream().anyMatch(a -> PortalCustomer.AUTHORITY.equals(a.getAuthority()));
        return new AuthorizationDecision(customer);
    };

    @Bean
    @Order(-2)
    SecurityFilterChain portalApiChain(HttpSecurity http, PortalSessionTokens tokens, Problems problems)
            throws Exception {
        StatelessApi.configure(http, problems)
                .securityMatcher("/api/portal/**")
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/portal/v1/sign-in-links", "/api/portal/v1/tokens")
                        .permitAll()
                        .anyRequest().access(CUSTOMER_ONLY))
                .addFilterBefore(new PortalTokenFilter(tokens, problems), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    @Order(-1)
    SecurityFilterChain portalPageChain(HttpSecurity http, PortalLinkTokens tokens, PortalSignIn signIn)
            throws Exception {
        SecurityContextRepository contexts = contextRepository();
        HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
        csrfTokens.setSessionAttributeName(CSRF_KEY);
        AuthenticationProvider provider = new LinkAuthenticationProvider(tokens);
        RedirectStrategy redirects = new DefaultRedirectStrategy();
        http.setSharedObject(SecurityContextRepository.class, contexts);
        http.securityMatcher("/portal", "/portal/**")
                .securityContext(context -> context.securityContextRepository(contexts))
                .authenticationManager(new ProviderManager(provider))
                // After sign-in always the portal's home: a saved request could be a staff page's.
                .requestCache(cache -> cache.disable())
                .headers(SecurityHeaders::apply)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/portal/sign-in", "/portal/sign-in/**").permitAll()
                        .anyRequest().access(CUSTOMER_ONLY))
                .oneTimeTokenLogin(ott -> ott
                        .tokenService(tokens)
                        .authenticationProvider(provider)
                        .tokenGeneratingUrl("/portal/sign-in")
                        .generateRequestResolver(resolver(signIn))
                        .tokenGenerationSuccessHandler(linkMade(signIn, redirects))
                        .loginPage("/portal/sign-in")
                        .loginProcessingUrl("/portal/sign-in/link")
                        // Our page asks for a click first: mail scanners open links, and must not spend them.
                        .showDefaultSubmitPage(false)
                        .authenticationConverter(throttled(signIn))
                        .securityContextRepository(contexts)
                        .successHandler((request, response, authentication) ->
                                redirects.sendRedirect(request, response, "/portal"))
                        .failureHandler((request, response, e) -> {
                            if (e instanceof TooManyAttempts tooMany) {
                                // The page again at once, 429 with Retry-After (issue 24.3), not a redirect.
                                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(tooMany.retryAfterSeconds));
                                request.setAttribute(PortalSignIn.THROTTLED_MINUTES,
                                        Math.max(1, (tooMany.retryAfterSeconds + 59) / 60));
                                request.getRequestDispatcher(PortalSignIn.THROTTLED_PAGE).forward(request, response);
                            } else {
                                signIn.invalidLink();
                                redirects.sendRedirect(request, response, "/portal/sign-in?invalid");
                            }
                        }))
                .logout(logout -> logout
                        .logoutUrl("/portal/sign-out")
                        .logoutSuccessUrl("/portal/sign-in?signedOut")
                        // The session may also hold a staff sign-in in the same browser: only ours ends.
                        .invalidateHttpSession(false)
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication != null && authentication.getPrincipal() instanceof PortalCustomer c) {
                                signIn.signedOut(c.customerId());
                            }
                            // A changed session cookie keeps the browser from showing the signed-in pages
                            // again from its back-forward cache, which would otherwise restore them.
                            if (request.getSession(false) != null) {
                                request.changeSessionId();
                            }
                        }))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/portal/sign-in")))
                .addFilterAfter(new NoLinkFilter(redirects), GenerateOneTimeTokenFilter.class);
        return http.build();
    }

    static HttpSessionSecurityContextRepository contextRepository() {
        HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();
        repository.setSpringSecurityContextKey(CONTEXT_KEY);
        return repository;
    }

    /** The address typed → a request for a link, or none (the page then answers as if there were one). */
    private static GenerateOneTimeTokenRequestResolver resolver(PortalSignIn signIn) {
        return request -> {
            PortalSignIn.Resolution resolution = signIn.resolve(request.getParameter("address"),
                    request.getRemoteAddr());
            request.setAttribute(PortalSignIn.RESOLUTION, resolution);
            return resolution.link();
        };
    }

    private static OneTimeTokenGenerationSuccessHandler linkMade(PortalSignIn signIn, RedirectStrategy redirects) {
        return (HttpServletRequest request, HttpServletResponse response, OneTimeToken token) -> {
            signIn.deliver(token, (PortalSignIn.Resolution) request.getAttribute(PortalSignIn.RESOLUTION));
            redirects.sendRedirect(request, response, "/portal/sign-in/sent");
        };
    }

    /**
     * Answers a well-formed request that made no link (unknown address, limit spent) exactly as the
     * generation filter answers one that did: the same redirect from the same place, so not even a
     * header differs. Malformed and throttled requests go on to the page, which says what is wrong.
     */
    static final class NoLinkFilter extends OncePerRequestFilter {
        private final RedirectStrategy redirects;

        NoLinkFilter(RedirectStrategy redirects) {
            this.redirects = redirects;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(PortalSignIn.RESOLUTION) instanceof PortalSignIn.Resolution resolution
                    && resolution.answer() == PortalSignIn.Answer.ACCEPTED && resolution.link() == null) {
                redirects.sendRedirect(request, response, "/portal/sign-in/sent");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    private static AuthenticationConverter throttled(PortalSignIn signIn) {
        OneTimeTokenAuthenticationConverter tokens = new OneTimeTokenAuthenticationConverter();
        return request -> {
            io.custos.shared.Throttle.Decision attempt = signIn.attempt(request.getRemoteAddr());
            if (!attempt.allowed()) {
                throw new TooManyAttempts(attempt.retryAfterSeconds());
            }
            return tokens.convert(request);
        };
    }


    /** Too many links or codes tried from one client address. */
    static final class TooManyAttempts extends AuthenticationException {
        final long retryAfterSeconds;

        TooManyAttempts(long retryAfterSeconds) {
            super("Too many sign-in attempts");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /**
     * Spends the link or code and signs in the customer it was made for, with the portal's one
     * authority. Not a {@code UserDetailsService}: such a bean would be wired into the staff's sign-in.
     */
    static final class LinkAuthenticationProvider implements AuthenticationProvider {
        private final PortalLinkTokens tokens;

        LinkAuthenticationProvider(PortalLinkTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            OneTimeToken consumed = tokens.consume((OneTimeTokenAuthenticationToken) authentication);
            if (consumed == null) {
                throw new InvalidOneTimeTokenException("Invalid token");
            }
            return authenticated(new PortalCustomer(java.util.UUID.fromString(consumed.getUsername())));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return OneTimeTokenAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    static Authentication authenticated(PortalCustomer customer) {
        return new OneTimeTokenAuthentication(customer, List.of(new SimpleGrantedAuthority(PortalCustomer.AUTHORITY)));
    }

    /**
     * {@code Authorization: Bearer cpt_…}: a portal token, or 401 at once. Any other bearer token (a
     * staff token among them) is not one of ours and is refused the same way.
     */
    static final class PortalTokenFilter extends OncePerRequestFilter {
        private final PortalSessionTokens tokens;
        private final Problems problems;

        PortalTokenFilter(PortalSessionTokens tokens, Problems problems) {
            this.tokens = tokens;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || header.isBlank()) {
                chain.doFilter(request, response);
                return;
            }
            String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
            var customer = token.isEmpty() ? java.util.Optional.<java.util.UUID>empty() : tokens.customerOf(token);
            if (customer.isEmpty()) {
                problems.write(request, response, HttpStatus.UNAUTHORIZED, "token-invalid");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authenticated(new PortalCustomer(customer.get())));
            SecurityContextHolder.setContext(context);
            request.setAttribute(PortalSessionTokens.class.getName(), token);
            chain.doFilter(request, response);
        }
    }
}
