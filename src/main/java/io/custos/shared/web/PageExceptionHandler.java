package io.custos.shared.web;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;

/**
 * A refusal raised while rendering a page (an unknown id, a conflict) becomes the translated error
 * page with the right status, not a 500. API controllers are answered by {@link ApiExceptionHandler}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

    private final Problems problems;

    PageExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(DomainException.class)
    ModelAndView domain(DomainException e) {
        ModelAndView page = new ModelAndView("error", e.status());
        page.addObject("status", e.status().value());
        page.addObject("code", e.code());
        // The detail's numbers (a threshold, a count), as the API's problem has them.
        page.addObject("args", e.args());
        // A refusal that names the page where the person can go on (an export that needs approval).
        if (e.properties().get("requestPage") instanceof String link && link.startsWith("/") && !link.startsWith("//")) {
            page.addObject("link", link);
        }
        return page;
    }

    /**
     * A full disk or a failed write while answering a page: the translated 503 page; anything else
     * goes on to the error controller as before.
     */
    @ExceptionHandler(Exception.class)
    Object storage(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof org.springframework.beans.TypeMismatchException
                && ApiExceptionHandler.hasCause(e, TextInput.RefusedParameter.class)) {
            // A parameter with control characters that no form field shows: the translated 422 page.
            ModelAndView page = new ModelAndView("error", HttpStatus.UNPROCESSABLE_ENTITY);
            page.addObject("status", HttpStatus.UNPROCESSABLE_ENTITY.value());
            page.addObject("code", ControlCharacters.CODE);
            return page;
        }
        if (!StorageFailures.isStorageFailure(e)) {
            throw e;
        }
        log.error("Storage unavailable while answering a page: {}", e.getClass().getName());
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("json") && !accept.contains("html")) {
            // A page's script (a reveal button) asked for JSON: it gets the problem, not an HTML page.
            ProblemDetail problem = problems.withRequestId(
                    problems.create(HttpStatus.SERVICE_UNAVAILABLE, StorageFailures.CODE), request);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .cacheControl(CacheControl.noStore()).body(problem);
        }
        ModelAndView page = new ModelAndView("error", HttpStatus.SERVICE_UNAVAILABLE);
        page.addObject("status", HttpStatus.SERVICE_UNAVAILABLE.value());
        page.addObject("code", StorageFailures.CODE);
        return page;
    }
}
