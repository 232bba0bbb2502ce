package io.custos.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * Writes exported events row by row: CSV through Commons CSV, Excel through POI's streaming
 * workbook, which keeps only a window of rows in memory and the rest in temporary files that
 * {@link #close()} deletes. {@link #finish()} completes the file; a writer closed without it leaves
 * an Excel file unwritten rather than passing off a partial one as whole. Every text cell is guarded
 * against formula injection.
 */
abstract sealed class AuditExportWriter implements Closeable {

    static final List<String> COLUMNS = List.of("eventId", "chain", "seq", "at", "category", "action", "outcome",
            "actorType", "actorId", "actorName", "targetType", "targetId", "purpose", "clientAddress", "requestId",
            "details");

    static AuditExportWriter open(AuditExportFormat format, OutputStream out) throws IOException {
        return format == AuditExportFormat.CSV ? new Csv(out) : new Xlsx(out);
    }

    abstract void write(StoredEvent event) throws IOException;

    abstract void finish() throws IOException;

    /** The cells of one event in {@link #COLUMNS} order; the sequence number stays a number. */
    static List<@Nullable Object> cells(StoredEvent e) {
        return Arrays.asList(e.eventId().toString(), e.chain(), e.seq(), e.at().toString(), e.category(), e.action(),
                e.outcome(), e.actorType(), e.actorId() == null ? null : e.actorId().toString(), e.actorName(),
                e.targetType(), e.targetId(), e.purpose(), e.clientAddress(), e.requestId(), e.details());
    }

    /**
     * A spreadsheet runs a cell starting with {@code = + - @} (or a tab or carriage return, which
     * some strip first) as a formula; a leading apostrophe makes it text (OWASP, "CSV Injection").
     * Our values are ids and codes, but an actor's name is free text.
     */
    static String safe(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static final class Csv extends AuditExportWriter {
        private final Writer writer;
        private final CSVPrinter printer;

        Csv(OutputStream out) throws IOException {
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // The byte order mark makes Excel read the file as UTF-8 rather than the local code page (GBK in China).
            writer.write('\uFEFF');
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get());
        }

        @Override
        void write(StoredEvent event) throws IOException {
            for (Object cell : cells(event)) {
                printer.print(cell == null ? null : safe(cell.toString()));
            }
            printer.println();
        }

        @Override
        void finish() throws IOException {
            printer.flush();
            writer.flush();
        }

        @Override
        public void close() {
            // The response stream belongs to the caller.
        }
    }

    private static final class Xlsx extends AuditExportWriter {
        private static final int WINDOW = 200;
        private final OutputStream out;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        private final SXSSFSheet sheet;
        private int next;

        Xlsx(OutputStream out) {
            this.out = out;
            workbook.setCompressTempFiles(true);
            sheet = workbook.createSheet("audit-events");
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(next++);
            for (int i = 0; i < COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(COLUMNS.get(i));
                header.getCell(i).setCellStyle(bold);
            }
            sheet.createFreezePane(0, 1);
        }

        @Override
        void write(StoredEvent event) {
            Row row = sheet.createRow(next++);
            List<@Nullable Object> cells = cells(event);
            for (int i = 0; i < cells.size(); i++) {
                Object cell = cells.get(i);
                if (cell instanceof Long number) {
                    row.createCell(i).setCellValue(number);
                } else if (cell != null) {
                    row.createCell(i).setCellValue(safe(cell.toString()));
                }
            }
        }

        @Override
        void finish() throws IOException {
            workbook.write(out);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                workbook.dispose();
            } finally {
                workbook.close();
            }
        }
    }
}
