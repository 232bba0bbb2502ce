package io.custos.shared.web;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * What every API chain shares: bearer credentials or none, so no session, no CSRF token (there is
 * no ambient credential a forged request could ride on), no saved request, none of the browser
 * sign-in machinery, the common security headers, and refusals as problem details. Each chain adds
 * its own matcher, its rules and its token filter.
 */
public final class StatelessApi {

    private StatelessApi() {
    }

    public static HttpSecurity configure(HttpSecurity http, Problems problems) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .headers(SecurityHeaders::apply)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated"))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden")));
    }
}
