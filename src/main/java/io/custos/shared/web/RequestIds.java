package io.custos.shared.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * One opaque id per request, shared by the problem details sent to the caller and the audit events
 * the request writes, so a support case can be matched to its log entries without echoing the path.
 */
public final class RequestIds {

    private static final String ATTRIBUTE = RequestIds.class.getName();

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id == null) {
            id = UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
        }
        return id.toString();
    }

    /** The current servlet request, when the calling thread serves one. */
    public static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
