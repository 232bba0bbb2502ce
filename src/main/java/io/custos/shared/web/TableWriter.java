package io.custos.shared.web;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
 * Writes a downloadable table row by row: CSV through Commons CSV (UTF-8 with a byte order mark),
 * Excel through POI's streaming workbook, which keeps only a window of rows in memory and the rest
 * in temporary files that {@link #close()} deletes. {@link #finish()} completes the file; a writer
 * closed without it leaves an Excel file unwritten rather than passing off a partial one as whole.
 * Every text cell is guarded against formula injection; whole numbers stay numbers in Excel.
 */
public abstract sealed class TableWriter implements Closeable {

    /** The file formats a table is downloaded in. */
    public enum Format {
        CSV("csv", "text/csv;charset=UTF-8"),
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /**
     * @param sheetName the Excel sheet's name (ignored for CSV)
     * @param headers the first row
     */
    public static TableWriter open(Format format, OutputStream out, String sheetName, List<String> headers)
            throws IOException {
        return format == Format.CSV ? new Csv(out, headers) : new Xlsx(out, sheetName, headers);
    }

    /** One row; a null cell stays empty. */
    public abstract void row(List<? extends @Nullable Object> cells) throws IOException;

    public abstract void finish() throws IOException;

    /**
     * A spreadsheet runs a cell starting with {@code = + - @} (or a tab or carriage return, which
     * some strip first) as a formula; a leading apostrophe makes it text (OWASP, "CSV Injection").
     */
    public static String safe(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static final class Csv extends TableWriter {
        private final Writer writer;
        private final CSVPrinter printer;

        Csv(OutputStream out, List<String> headers) throws IOException {
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // The byte order mark makes Excel read the file as UTF-8 rather than the local code page (GBK in China).
            writer.write('\uFEFF');
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(headers.toArray(String[]::new)).get());
        }

        @Override
        public void row(List<? extends @Nullable Object> cells) throws IOException {
            for (Object cell : cells) {
                printer.print(cell == null ? null : safe(cell.toString()));
            }
            printer.println();
        }

        @Override
        public void finish() throws IOException {
            printer.flush();
            writer.flush();
        }

        @Override
        public void close() {
            // The response stream belongs to the caller.
        }
    }

    private static final class Xlsx extends TableWriter {
        private static final int WINDOW = 200;
        private final OutputStream out;
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        private final SXSSFSheet sheet;
        private int next;

        Xlsx(OutputStream out, String sheetName, List<String> headers) {
            this.out = out;
            workbook.setCompressTempFiles(true);
            sheet = workbook.createSheet(sheetName);
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(next++);
            for (int i = 0; i < headers.size(); i++) {
                header.createCell(i).setCellValue(headers.get(i));
                header.getCell(i).setCellStyle(bold);
            }
            sheet.createFreezePane(0, 1);
        }

        @Override
        public void row(List<? extends @Nullable Object> cells) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < cells.size(); i++) {
                Object cell = cells.get(i);
                if (cell instanceof Long || cell instanceof Integer) {
                    row.createCell(i).setCellValue(((Number) cell).longValue());
                } else if (cell != null) {
                    row.createCell(i).setCellValue(safe(cell.toString()));
                }
            }
        }

        @Override
        public void finish() throws IOException {
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
