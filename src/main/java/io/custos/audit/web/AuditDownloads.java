package io.custos.audit.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

import io.custos.audit.AuditExport;

/** Sends an allowed export as a file download, for the API and the pages alike. */
final class AuditDownloads {

    private AuditDownloads() {
    }

    static void send(AuditExport export, HttpServletResponse response) throws IOException {
        response.setContentType(export.format().contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(export.fileName()).build().toString());
        // Audit data: no copy in browser or proxy caches.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.writeTo(response.getOutputStream());
    }
}
