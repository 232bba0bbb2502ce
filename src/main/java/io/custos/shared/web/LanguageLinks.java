package io.custos.shared.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The language switch's links ({@code #languageLinks.to('en')} in the layout): the page being shown,
 * with its query string, plus {@code lang}. Built from the request's own path, never from a
 * parameter or a header, so the switch cannot be turned into a redirect to another site.
 */
@Component
public class LanguageLinks {

    /** Query parameters that would hold an L3-L4 value; such searches are POSTed, never linked. */
    private static final java.util.List<String> CONFIDENTIAL_PARAMETERS = java.util.List.of("phone", "email", "idNumber");

    public String to(String language) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return "?lang=" + language;
        }
        HttpServletRequest request = attributes.getRequest();
        if (request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI) != null) {
            // An error page never writes the address that failed into itself (it may carry what was typed):
            // a relative link makes the browser ask for that address again, in the other language.
            return "?lang=" + language;
        }
        String path = request.getRequestURI();
        String query = request.getQueryString();
        // "//host" would be read by the browser as another site; a path here always has one leading slash.
        path = "/" + path.replaceFirst("^/+", "");
        try {
            UriComponentsBuilder link = UriComponentsBuilder.fromPath(path).query(query);
            // A confidential value someone put in an address is not copied into another one (issue 14.6).
            CONFIDENTIAL_PARAMETERS.forEach(link::replaceQueryParam);
            return link.replaceQueryParam("lang", language).build(true).toUriString();
        } catch (IllegalArgumentException notEncoded) {
            // A client sent characters that should have been percent-encoded: the page without its query.
            return UriComponentsBuilder.fromPath("/").query("lang=" + language).build(true).toUriString();
        }
    }
}
