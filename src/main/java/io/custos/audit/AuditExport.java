package io.custos.audit;

import java.io.IOException;
import java.io.OutputStream;

import io.custos.shared.ExportFormat;

/**
 * An export that has been allowed and recorded, ready to be written. Only {@link AuditSearch} makes
 * one, after its event is durable, so holding one means the download may start.
 */
public final class AuditExport {

    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final String fileName;
    private final ExportFormat format;
    private final long rows;
    private final Body body;

    AuditExport(String fileName, ExportFormat format, long rows, Body body) {
        this.fileName = fileName;
        this.format = format;
        this.rows = rows;
        this.body = body;
    }

    /** {@code audit-events-<UTC time>.<extension>}. */
    public String fileName() {
        return fileName;
    }

    public ExportFormat format() {
        return format;
    }

    /** The number of events the file holds: the number counted and recorded before writing. */
    public long rows() {
        return rows;
    }

    /** Streams the file; the stream is flushed, not closed. */
    public void writeTo(OutputStream out) throws IOException {
        body.writeTo(out);
    }
}
