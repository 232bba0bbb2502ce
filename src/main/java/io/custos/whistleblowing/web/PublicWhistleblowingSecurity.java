package io.custos.whistleblowing.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.custos.shared.web.SecurityHeaders;

/**
 * The whistleblower's paths (R-SUP-4): the public page, its follow-up, and the public API. A chain of
 * their own, ahead of every other (the staff's and the portal's), that knows no account: no session
 * is read or made, no sign-in is looked at (a member of staff who reports from their own browser is
 * not recognised), no remember-me, no request cache, no CSRF token. CSRF is not needed here: a forged
 * request can only borrow a browser's ambient credential, and these paths honour none; what a forged
 * form could do, anyone can do in their own name, which is no name. The code a follow-up needs
 * travels in the form's body, never in a cookie.
 * <p>
 * A filter first in the chain makes the promise hold whatever runs later: the response can set no
 * cookie (the language switch's cookie among them: the language travels as {@code lang} in links
 * and forms instead) and the request cannot open a session. The staff's pages under
 * {@code /whistleblowing/reports} are not matched and stay behind the staff's sign-in.
 * <p>
 * An error on these paths that Spring MVC does not answer itself (a wrong method, an exception
 * while a page renders) is rendered by the container's error dispatch to {@code /error}. That
 * dispatch is matched here too, by the address it was dispatched from, so the error page or problem
 * passes through the same filter and sets no cookie either.
 */
@Configuration(proxyBeanMethods = false)
class PublicWhistleblowingSecurity {

    static final String[] PATHS = {"/whistleblowing", "/whistleblowing/follow-up", "/whistleblowing/follow-up/message",
            "/api/public/v1/whistleblowing", "/api/public/v1/whistleblowing/*",
            "/api/public/v1/whistleblowing/*/messages"};

    private static final List<PathPattern> PATTERNS = Arrays.stream(PATHS).map(PathPatternParser.defaultInstance::parse)
            .toList();

    /** The public paths, and the error dispatch of a request to one of them. */
    static final RequestMatcher MATCHER = new OrRequestMatcher(new OrRequestMatcher(Arrays.stream(PATHS)
            .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(path)).toList()),
            PublicWhistleblowingSecurity::errorOfAPublicPath);

    @Bean
    @Order(0)
    SecurityFilterChain whistleblowingChain(HttpSecurity http) throws Exception {
        http.securityMatcher(MATCHER)
                .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .rememberMe(remember -> remember.disable())
                .headers(SecurityHeaders::apply)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .anyRequest().permitAll())
                .addFilterBefore(new NothingKept(), SecurityContextHolderFilter.class);
        return http.build();
    }

    static boolean errorOfAPublicPath(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR
                || !(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri)) {
            return false;
        }
        String context = request.getContextPath();
        String path = !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        PathContainer container = PathContainer.parsePath(path);
        return PATTERNS.stream().anyMatch(pattern -> pattern.matches(container));
    }

    /** No cookie out, no session in, no caching of what the page shows (a code, the answers). */
    static final class NothingKept extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(new NoSession(request), new NoCookies(response));
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }
    }

    static final class NoSession extends HttpServletRequestWrapper {
        NoSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable HttpSession getSession(boolean create) {
            if (create) {
                throw new IllegalStateException("No session on the whistleblower's paths");
            }
            return null;
        }

        @Override
        public HttpSession getSession() {
            throw new IllegalStateException("No session on the whistleblower's paths");
        }

        @Override
        public @Nullable String getRequestedSessionId() {
            return null;
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }

    static final class NoCookies extends HttpServletResponseWrapper {
        NoCookies(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addCookie(Cookie cookie) {
            // Nothing is kept in the reporter's browser.
        }

        @Override
        public void addHeader(String name, String value) {
            if (!HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }
    }
}
