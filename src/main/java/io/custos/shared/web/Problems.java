package io.custos.shared.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.RequestContextUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds every RFC 9457 problem the application sends. Titles and details come from the message
 * bundles ({@code problem.<code>.title}, {@code problem.<code>.detail}), so an error body holds only
 * what the bundle says plus identifiers: never a submitted value, SQL or a stack trace.
 * The {@code type} is a relative URI that the application itself serves ({@code /problems/<code>}).
 */
@Component
public class Problems {

    public static final String TYPE_PREFIX = "/problems/";

    private final MessageSource messages;
    private final JsonMapper json;

    Problems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    public ProblemDetail create(HttpStatusCode status, String code, Locale locale, Object... args) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(messages.getMessage("problem." + code + ".title", null, defaultTitle(status), locale));
        String detail = messages.getMessage("problem." + code + ".detail", args, "", locale);
        if (!detail.isEmpty()) {
            problem.setDetail(detail);
        }
        problem.setProperty("code", code);
        return problem;
    }

    public ProblemDetail create(HttpStatusCode status, String code, Object... args) {
        return create(status, code, LocaleContextHolder.getLocale(), args);
    }

    /**
     * Stamps the problem with an opaque id of this request (also logged), instead of the request
     * path, which may carry whatever the caller typed.
     */
    public ProblemDetail withRequestId(ProblemDetail problem, HttpServletRequest request) {
        problem.setInstance(URI.create("urn:uuid:" + RequestIds.of(request)));
        return problem;
    }

    /** For filters and security handlers that answer before Spring MVC is involved. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code)
            throws IOException {
        Locale locale = localeOf(request);
        ProblemDetail problem = withRequestId(create(status, code, locale), request);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "validation-failed";
            case 503 -> "service-unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "bad-request";
        };
    }

    private static Locale localeOf(HttpServletRequest request) {
        try {
            return RequestContextUtils.getLocale(request);
        } catch (IllegalStateException noResolverYet) {
            return request.getLocale();
        }
    }

    private static String defaultTitle(HttpStatusCode status) {
        return status instanceof org.springframework.http.HttpStatus known ? known.getReasonPhrase() : "Error";
    }
}
