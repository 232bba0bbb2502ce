package io.custos.audit.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import io.custos.audit.AuditExport;
import io.custos.shared.web.Downloads;

/** Sends an allowed export as a file download, for the API and the pages alike. */
final class AuditDownloads {

    private AuditDownloads() {
    }

    static void send(AuditExport export, HttpServletResponse response) throws IOException {
        Downloads.prepare(response, export.format().contentType(), export.fileName());
        export.writeTo(response.getOutputStream());
    }
}
