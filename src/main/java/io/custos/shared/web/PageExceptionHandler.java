package io.custos.shared.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import io.custos.shared.DomainException;

/**
 * A refusal raised while rendering a page (an unknown id, a conflict) becomes the translated error
 * page with the right status, not a 500. API controllers are answered by {@link ApiExceptionHandler}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

    @ExceptionHandler(DomainException.class)
    ModelAndView domain(DomainException e) {
        ModelAndView page = new ModelAndView("error", e.status());
        page.addObject("status", e.status().value());
        page.addObject("code", e.code());
        return page;
    }
}
