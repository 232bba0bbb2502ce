package io.custos.shared.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Outermost: a database that cannot store anything right now, met before or after Spring MVC (page
 * sessions are read and saved in the database by a filter, and so is the account's refresh), is a
 * 503 {@code storage-unavailable} like one met inside a controller, never an internal error. The
 * page it answers with needs nothing of the database (no session, no CSRF token, no layout).
 */
final class StorageFailureFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFailureFilter.class);

    private final Problems problems;

    StorageFailureFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!StorageFailures.isStorageFailure(e) || response.isCommitted()) {
                throw e;
            }
            LOG.warn("The database could not store or read what the request needed; answered 503", e);
            response.resetBuffer();
            if (wantsJson(request)) {
                problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, StorageFailures.CODE);
            } else {
                page(request, response);
            }
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale locale = WebConfiguration.browserLanguage(request);
        ProblemDetail problem = problems.create(HttpStatus.SERVICE_UNAVAILABLE, StorageFailures.CODE, locale);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
        out.write("<!doctype html><html lang=\"" + locale.toLanguageTag() + "\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(problem.getTitle()) + "</title></head><body><h1>"
                + HtmlUtils.htmlEscape(problem.getTitle()) + "</h1><p>"
                + HtmlUtils.htmlEscape(String.valueOf(problem.getDetail())) + "</p><p><code>" + StorageFailures.CODE
                + "</code></p></body></html>");
        out.flush();
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || (accept != null && (accept.contains("json") || accept.contains("problem")));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<StorageFailureFilter> storageFailureFilter(Problems problems) {
            FilterRegistrationBean<StorageFailureFilter> registration =
                    new FilterRegistrationBean<>(new StorageFailureFilter(problems));
            // Around the page sessions' filter, which reads and saves the session in the database.
            registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
            return registration;
        }
    }
}
