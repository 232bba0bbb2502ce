package io.custos.shared.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place that turns exceptions of {@code /api} controllers into problem details. Spring's
 * own bodies are rebuilt from our vocabulary because their details quote the input (a method
 * name, a value that failed to convert).
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** A JSON path is echoed only when it is plainly a property path, not text the caller made up. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}(\\.[A-Za-z][A-Za-z0-9_]{0,63}|\\[\\d{1,6}])*");

    private final Problems problems;
    private final MessageSource messages;

    /** The property a {@link DomainException} carries when the caller should retry after so many seconds. */
    static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    ApiExceptionHandler(Problems problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
        ProblemDetail problem = problems.create(e.status(), e.code(), e.args());
        e.properties().forEach(problem::setProperty);
        // A client told how long to wait (RFC 9110 Retry-After) backs off instead of hammering the limit.
        if (e.properties().get(RETRY_AFTER_SECONDS) instanceof Number seconds) {
            problems.withRequestId(problem, request);
            return ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return respond(problem, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(problems.create(HttpStatus.FORBIDDEN, "forbidden"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (StorageFailures.isStorageFailure(e)) {
            // A full disk or a failed write: the request rolled back, so it may be retried (503, not 500).
            ProblemDetail problem = problems.withRequestId(
                    problems.create(HttpStatus.SERVICE_UNAVAILABLE, StorageFailures.CODE), request);
            log.error("Storage unavailable in API request {}: {}", problem.getInstance(), e.getClass().getName());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        ProblemDetail problem = problems.withRequestId(
                problems.create(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error"), request);
        log.error("Unhandled exception in API request {}", problem.getInstance(), e);
        return ResponseEntity.status(500).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (hasCause(e, BodyTooLargeException.class)) {
            problem = problems.create(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
        } else if (e.getMostSpecificCause() instanceof TextInput.Refused refused) {
            problem = problems.create(HttpStatus.UNPROCESSABLE_ENTITY, ControlCharacters.CODE);
            safeName(pathOf(refused)).ifPresent(path -> problem.setProperty("field", path));
        } else if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
            problem = problems.create(HttpStatus.BAD_REQUEST, "unknown-field");
            safeName(unknown.getPropertyName()).ifPresent(name -> problem.setProperty("field", name));
        } else if (e.getMostSpecificCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            problem = problems.create(HttpStatus.BAD_REQUEST, "wrong-type");
            safeName(pathOf(mismatch)).ifPresent(path -> problem.setProperty("field", path));
        } else {
            problem = problems.create(HttpStatus.BAD_REQUEST, "malformed-json");
        }
        return handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(),
                    "code", String.valueOf(error.getCode()),
                    "message", messages.getMessage(error, locale)));
        }
        e.getBindingResult().getGlobalErrors().forEach(error -> errors.add(Map.of(
                "field", error.getObjectName(), "code", String.valueOf(error.getCode()),
                "message", messages.getMessage(error, locale))));
        ProblemDetail problem = problems.create(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNPROCESSABLE_ENTITY, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale locale = LocaleContextHolder.getLocale();
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "code", String.valueOf(error.getCodes() == null ? "invalid" : error.getCodes()[error.getCodes().length - 1]),
                        "message", messages.getMessage(error, locale)))));
        ProblemDetail problem = problems.create(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNPROCESSABLE_ENTITY, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        boolean refused = hasCause(e, TextInput.RefusedParameter.class);
        HttpStatus answer = refused ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = problems.create(answer, refused ? ControlCharacters.CODE : "wrong-type");
        String name = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException argument
                ? argument.getName() : e.getPropertyName();
        if (name != null) {
            safeName(name).ifPresent(field -> problem.setProperty("field", field));
        }
        return handleExceptionInternal(e, problem, headers, answer, request);
    }

    /** Every other Spring MVC exception: keep the status, replace the body with ours. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given && given.getProperties() != null
                && given.getProperties().containsKey("code")
                ? given
                : problems.create(status, Problems.codeFor(status));
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            problems.withRequestId(problem, servletRequest);
        }
        HttpHeaders safeHeaders = new HttpHeaders();
        safeHeaders.addAll(headers);
        safeHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(status).headers(safeHeaders).body(problem);
    }

    private ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpServletRequest request) {
        problems.withRequestId(problem, request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static java.util.Optional<String> safeName(String name) {
        return name != null && SAFE_PATH.matcher(name).matches() ? java.util.Optional.of(name) : java.util.Optional.empty();
    }

    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
