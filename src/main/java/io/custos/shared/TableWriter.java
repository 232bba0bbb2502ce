package io.custos.shared;

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
 * Writes an export row by row: CSV through Commons CSV (UTF-8 with a byte order mark, so Excel
 * does not read it in the local code page, GBK in China), Excel through POI's streaming workbook,
 * which keeps only a window of rows in memory and the rest in temporary files that {@link #close()}
 * deletes. {@link #finish()} completes the file; a writer closed without it leaves an Excel file
 * unwritten rather than passing off a partial one as whole. Whole numbers stay numbers; every text
 * cell is guarded against formula injection ({@link #safe}).
 */
public abstract sealed class TableWriter implements Closeable {

    /** @param sheet the name of the worksheet, for Excel */
    public static TableWriter open(ExportFormat format, OutputStream out, String sheet, List<String> columns)
            throws IOException {
        return format == ExportFormat.CSV ? new Csv(out, columns) : new Xlsx(out, sheet, columns);
    }

    /** One row, its cells in the order of the columns; null leaves a cell empty. */
    public abstract void row(List<@Nullable Object> cells) throws IOException;

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

        Csv(OutputStream out, List<String> columns) throws IOException {
            writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write('\uFEFF');
            printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get());
        }

        @Override
        public void row(List<@Nullable Object> cells) throws IOException {
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

        Xlsx(OutputStream out, String name, List<String> columns) {
            this.out = out;
            workbook.setCompressTempFiles(true);
            sheet = workbook.createSheet(name);
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(next++);
            for (int i = 0; i < columns.size(); i++) {
                header.createCell(i).setCellValue(columns.get(i));
                header.getCell(i).setCellStyle(bold);
            }
            sheet.createFreezePane(0, 1);
        }

        @Override
        public void row(List<@Nullable Object> cells) {
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
