package io.custos.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's error controller: whatever went wrong outside a controller (an unknown route, a
 * wrong method, an exception in a filter) becomes a problem for {@code /api} and a translated page
 * for people. Neither ever shows the exception message, the path or a stack trace.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class CustosErrorController implements ErrorController {

    /** Set by a filter that refuses a request before Spring MVC sees it, for a more precise code than the status's. */
    static final String CODE_ATTRIBUTE = CustosErrorController.class.getName() + ".code";

    private final Problems problems;

    CustosErrorController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    Object page(HttpServletRequest request, HttpServletResponse response, Model model) {
        HttpStatusCode status = statusOf(request);
        if (isApi(request)) {
            return problem(request);
        }
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("code", codeOf(request, status));
        return "error";
    }

    @RequestMapping
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatusCode status = statusOf(request);
        ProblemDetail problem = problems.withRequestId(problems.create(status, codeOf(request, status)), request);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String codeOf(HttpServletRequest request, HttpStatusCode status) {
        return request.getAttribute(CODE_ATTRIBUTE) instanceof String code ? code : Problems.codeFor(status);
    }

    private static boolean isApi(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri != null && uri.toString().startsWith("/api/");
    }

    private static HttpStatusCode statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value && value >= 400 && value < 600) {
            return HttpStatusCode.valueOf(value);
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
