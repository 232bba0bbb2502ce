package io.custos.customer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.jspecify.annotations.Nullable;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import io.custos.shared.DomainException;

/**
 * Reads the rows of an uploaded table, one at a time, from bytes held in memory: a CSV file through
 * Commons CSV, the first sheet of an .xlsx workbook through POI's streaming SAX reader (shared
 * strings read-only, no workbook model), so a file of 100,000 rows never becomes 100,000 row
 * objects. POI's zip-bomb limits ({@code ZipSecureFile}) stay as they are. Row numbers are the ones
 * a spreadsheet shows (the heading row is 1); blank rows are passed over but keep their numbers.
 * Errors name the problem, never the content.
 */
final class ImportFile {

    /** More columns than any customer record has fields, and few enough for a mapping page. */
    static final int MAX_COLUMNS = 200;

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Charset GB18030 = Charset.forName("GB18030");

    private ImportFile() {
    }

    /** One row of the file: its number as a spreadsheet shows it, and its cells as text. */
    record Row(int number, List<String> cells) {
        String cell(int column) {
            return column < cells.size() ? cells.get(column) : "";
        }

        boolean blank() {
            return cells.stream().allMatch(String::isBlank);
        }

        @Override
        public String toString() {
            return "Row[" + number + "]";
        }
    }

    @FunctionalInterface
    interface RowHandler {
        /** May throw to stop reading; the exception reaches the caller of {@link #read}. */
        void row(Row row);
    }

    /**
     * The format, from the content: a zip archive is a workbook, text is CSV. The name's extension,
     * when there is one, must agree. An old .xls or a password-protected workbook (both OLE2) and
     * binary files are refused with {@code import-format-unsupported}.
     */
    static ImportFormat detect(byte[] bytes, @Nullable String fileName) {
        if (bytes.length == 0) {
            throw DomainException.unprocessable("import-file-empty", Map.of("field", "file"));
        }
        String extension = extension(fileName);
        if (startsWith(bytes, OLE2)) {
            throw unsupported();
        }
        if (startsWith(bytes, ZIP)) {
            if (extension.isEmpty() || extension.equals("xlsx")) {
                return ImportFormat.XLSX;
            }
            throw unsupported();
        }
        if (!extension.isEmpty() && !extension.equals("csv") && !extension.equals("txt")) {
            throw unsupported();
        }
        // Text has no NUL bytes; a UTF-16 "Unicode text" export or any binary file does.
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                throw unsupported();
            }
        }
        return ImportFormat.CSV;
    }

    /**
     * UTF-8 unless GB18030 is chosen (what Excel in Chinese saves CSV in; GBK and GB2312 are subsets,
     * so they are read as GB18030).
     */
    static Charset charset(@Nullable String encoding) {
        if (encoding == null || encoding.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        String name = encoding.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (name) {
            case "UTF8" -> StandardCharsets.UTF_8;
            case "GB18030", "GBK", "GB2312" -> GB18030;
            default -> throw DomainException.unprocessable("import-encoding-unsupported", Map.of("field", "encoding"));
        };
    }

    /**
     * Every row that is not blank, the heading row first, until the end or until {@code handler}
     * throws; what it throws reaches the caller as it is.
     */
    static void read(byte[] bytes, ImportFormat format, Charset charset, RowHandler handler) {
        try {
            if (format == ImportFormat.CSV) {
                readCsv(bytes, charset, handler);
            } else {
                readXlsx(bytes, handler);
            }
        } catch (Passed passed) {
            throw passed.thrown;
        }
    }

    private static void readCsv(byte[] bytes, Charset chosen, RowHandler handler) {
        // A UTF-8 byte order mark settles the encoding whatever was chosen; it is not part of the first heading.
        boolean utf8Bom = startsWith(bytes, UTF8_BOM);
        Charset charset = utf8Bom ? StandardCharsets.UTF_8 : chosen;
        int offset = utf8Bom ? UTF8_BOM.length : 0;
        InputStream in = new ByteArrayInputStream(bytes, offset, bytes.length - offset);
        // Bytes that are not valid in the encoding are an error, not silently replaced characters.
        Reader reader = new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        // Empty lines are kept as records so that record numbers stay the row numbers a spreadsheet shows.
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            boolean first = true;
            for (CSVRecord record : parser) {
                List<String> cells = Arrays.asList(record.values());
                if (first && !cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) {
                    // A GB18030 byte order mark decodes to U+FEFF.
                    cells.set(0, cells.get(0).substring(1));
                }
                first = false;
                emit(new Row(Math.toIntExact(record.getRecordNumber()), cells), handler);
            }
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static void readXlsx(byte[] bytes, RowHandler handler) {
        OPCPackage pkg = null;
        try {
            // From a stream: the parts are held in memory, never unpacked to temporary files.
            pkg = OPCPackage.open(new ByteArrayInputStream(bytes));
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw DomainException.unprocessable("import-file-empty", Map.of("field", "file"));
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new SheetRows(handler),
                        new DataFormatter(Locale.ROOT), false));
                xml.parse(new InputSource(sheet));
            }
        } catch (Passed | DomainException e) {
            throw e;
        } catch (SAXException e) {
            if (e.getException() instanceof Passed passed) {
                throw passed;
            }
            throw unreadable(e);
        } catch (Exception e) {
            // POI's checked and unchecked exceptions alike: not a workbook, damaged, encrypted or a zip bomb.
            throw unreadable(e);
        } finally {
            if (pkg != null) {
                // Closes without saving: the package was only read.
                pkg.revert();
            }
        }
    }

    /** Collects the cells of a sheet row; cells absent from the file are empty. */
    private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final RowHandler handler;
        private List<String> cells = new ArrayList<>();

        SheetRows(RowHandler handler) {
            this.handler = handler;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new ArrayList<>();
        }

        @Override
        public void endRow(int rowNum) {
            emit(new Row(rowNum + 1, cells), handler);
        }

        @Override
        public void cell(@Nullable String reference, @Nullable String formattedValue, @Nullable XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            if (column >= MAX_COLUMNS) {
                throw new Passed(tooManyColumns());
            }
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(formattedValue == null ? "" : formattedValue);
        }
    }

    private static void emit(Row row, RowHandler handler) {
        if (row.cells().size() > MAX_COLUMNS) {
            throw new Passed(tooManyColumns());
        }
        if (!row.blank()) {
            try {
                handler.row(new Row(row.number(), Collections.unmodifiableList(row.cells())));
            } catch (RuntimeException e) {
                throw new Passed(e);
            }
        }
    }

    /** Carries what a handler threw through the parsers, which would otherwise take it for a parse error. */
    private static final class Passed extends RuntimeException {
        private final RuntimeException thrown;

        Passed(RuntimeException thrown) {
            super(null, null, false, false);
            this.thrown = thrown;
        }
    }

    private static DomainException tooManyColumns() {
        return DomainException.unprocessable("import-too-many-columns", Map.of("field", "file", "limit", MAX_COLUMNS),
                MAX_COLUMNS);
    }

    private static DomainException unsupported() {
        return DomainException.unprocessable("import-format-unsupported", Map.of("field", "file"));
    }

    /** Not chained: parser messages may quote the content they could not read. */
    private static DomainException unreadable(@Nullable Throwable cause) {
        if (cause instanceof CharacterCodingException) {
            return DomainException.unprocessable("import-encoding-invalid", Map.of("field", "encoding"));
        }
        return DomainException.unprocessable("import-file-unreadable", Map.of("field", "file"));
    }

    private static String extension(@Nullable String fileName) {
        if (fileName == null) {
            return "";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
