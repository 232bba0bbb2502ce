package io.custos.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.custos.shared.ExportFormat;
import io.custos.shared.TableWriter;

/**
 * Writes exported events row by row through {@link TableWriter} (CSV with a byte order mark, or a
 * streaming Excel workbook, text cells guarded against formula injection). {@link #finish()}
 * completes the file; closed without it, an Excel file is left unwritten rather than partial.
 */
final class AuditExportWriter implements Closeable {

    static final List<String> COLUMNS = List.of("eventId", "chain", "seq", "at", "category", "action", "outcome",
            "actorType", "actorId", "actorName", "targetType", "targetId", "purpose", "clientAddress", "requestId",
            "details");

    private final TableWriter table;

    private AuditExportWriter(TableWriter table) {
        this.table = table;
    }

    static AuditExportWriter open(ExportFormat format, OutputStream out) throws IOException {
        return new AuditExportWriter(TableWriter.open(format, out, "audit-events", COLUMNS));
    }

    void write(StoredEvent event) throws IOException {
        table.row(cells(event));
    }

    void finish() throws IOException {
        table.finish();
    }

    @Override
    public void close() throws IOException {
        table.close();
    }

    /** The cells of one event in {@link #COLUMNS} order; the sequence number stays a number. */
    static List<@Nullable Object> cells(StoredEvent e) {
        return Arrays.asList(e.eventId().toString(), e.chain(), e.seq(), e.at().toString(), e.category(), e.action(),
                e.outcome(), e.actorType(), e.actorId() == null ? null : e.actorId().toString(), e.actorName(),
                e.targetType(), e.targetId(), e.purpose(), e.clientAddress(), e.requestId(), e.details());
    }
}
