package io.custos.shared.web;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * A table export that has been allowed and recorded, ready to be written. The service that makes one
 * does so only after its audit event is durable, so holding one means the download may start.
 */
public final class TableExport {

    /** Writes the file; the stream is flushed, not closed. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final String fileName;
    private final TableWriter.Format format;
    private final long rows;
    private final Body body;

    /** @param rows the number of rows the file holds: the number counted and recorded before writing */
    public TableExport(String fileName, TableWriter.Format format, long rows, Body body) {
        this.fileName = fileName;
        this.format = format;
        this.rows = rows;
        this.body = body;
    }

    public String fileName() {
        return fileName;
    }

    public TableWriter.Format format() {
        return format;
    }

    public long rows() {
        return rows;
    }

    /** Streams the file; the stream is flushed, not closed. */
    public void writeTo(OutputStream out) throws IOException {
        body.writeTo(out);
    }

    /** Sends the file as a download, for the API and the pages alike. */
    public void send(HttpServletResponse response) throws IOException {
        response.setContentType(format.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        // Personal or audit data: no copy in browser or proxy caches.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        writeTo(response.getOutputStream());
    }
}
