package io.custos.shared.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/** The headers of a file download, the same for every module's exports. */
public final class Downloads {

    private Downloads() {
    }

    /** Sets type, attachment name and no caching; the caller then writes the body. */
    public static void prepare(HttpServletResponse response, String contentType, String fileName) {
        response.setContentType(contentType);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        // Personal or audit data: no copy in browser or proxy caches.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
