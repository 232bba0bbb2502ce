package io.custos.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.custos.shared.web.Problems;

/**
 * API authentication: {@code Authorization: Bearer <token>}. An unknown, expired or revoked token
 * is answered 401 at once rather than treated as anonymous, so a client learns its token is dead.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final Problems problems;

    BearerTokenFilter(ApiTokens tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = ApiTokens.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var account = tokens.account(token);
        if (account.isEmpty()) {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "token-invalid");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(CustosAuthenticationProvider.authenticated(account.get().user()));
        SecurityContextHolder.setContext(context);
        // Loaded this very request: the account refresh that follows need not read it again.
        request.setAttribute(AccountRefreshFilter.FRESH_ACCOUNT, account.get());
        chain.doFilter(request, response);
    }

}
