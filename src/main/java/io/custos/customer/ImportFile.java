package io.custos.customer;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterReader;
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
import org.apache.poi.openxml4j.util.ZipInputStreamZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.jspecify.annotations.Nullable;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

import io.custos.shared.DomainException;

/**
 * Reads the rows of an uploaded table, one at a time, from a stream: a CSV file through Commons CSV,
 * the first sheet of an .xlsx workbook through POI's streaming SAX reader (shared strings read-only,
 * no workbook model), so a file of 100,000 rows never becomes 100,000 row objects. Row numbers are
 * the ones a spreadsheet shows (the heading row is 1); blank rows are passed over but keep their
 * numbers. Errors name the problem, never the content.
 * <p>
 * Memory stays bounded whatever the file holds (issue 13.11: a 1.3 MB workbook expanding into one
 * 95-million-character cell): no cell grows past {@link #MAX_CELL_CHARS}, no row past
 * {@link #MAX_ROW_CHARS} and a workbook's shared strings past {@link #MAX_SHARED_CHARS}, each
 * counted while the text is read, before it is kept; workbook parts larger than
 * {@link #PART_IN_MEMORY_BYTES} are unpacked by POI into encrypted temporary files, not memory.
 */
final class ImportFile {

    /** More columns than any customer record has fields, and few enough for a mapping page. */
    static final int MAX_COLUMNS = 200;
    /** What one Excel cell can hold at most; no field takes more (the longest holds 4,000). */
    static final int MAX_CELL_CHARS = 32_767;
    /** One row of a file: far beyond any real record, and a bound on what one row may cost. */
    static final int MAX_ROW_CHARS = 262_144;
    /** All texts of a workbook together (its shared strings table stays in memory while it is read). */
    static final long MAX_SHARED_CHARS = 16_000_000;
    /** Workbook parts larger than this are unpacked into encrypted temporary files. */
    static final int PART_IN_MEMORY_BYTES = 1024 * 1024;
    /** The most one part of a workbook may unpack to (POI's own default is 4 GB). */
    static final long MAX_PART_BYTES = 256L * 1024 * 1024;
    /** How many bytes {@link #detect} looks at. */
    static final int HEAD_BYTES = 8192;

    static {
        // POI keeps these limits JVM-wide; nothing else in Custos reads workbooks.
        ZipInputStreamZipEntrySource.setThresholdBytesForTempFiles(PART_IN_MEMORY_BYTES);
        ZipInputStreamZipEntrySource.setEncryptTempFiles(true);
        ZipSecureFile.setMaxEntrySize(MAX_PART_BYTES);
    }

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

    /** The file's content from its start, as often as it is read. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
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
        // Only the start of a file is looked at, however much of it is given.
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
        for (int i = 0; i < Math.min(bytes.length, HEAD_BYTES); i++) {
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
        read(() -> new ByteArrayInputStream(bytes), format, charset, handler);
    }

    static void read(Source source, ImportFormat format, Charset charset, RowHandler handler) {
        try {
            if (format == ImportFormat.CSV) {
                readCsv(source, charset, handler);
            } else {
                readXlsx(source, handler);
            }
        } catch (Passed passed) {
            throw passed.thrown;
        }
    }

    private static void readCsv(Source source, Charset chosen, RowHandler handler) {
        CSVParser parser = null;
        try (InputStream raw = new BufferedInputStream(source.open())) {
            // A UTF-8 byte order mark settles the encoding whatever was chosen; it is not part of the first heading.
            raw.mark(UTF8_BOM.length);
            boolean utf8Bom = startsWith(raw.readNBytes(UTF8_BOM.length), UTF8_BOM);
            if (!utf8Bom) {
                raw.reset();
            }
            Charset charset = utf8Bom ? StandardCharsets.UTF_8 : chosen;
            // Bytes that are not valid in the encoding are an error, not silently replaced characters.
            Reader reader = new BoundedRecords(new InputStreamReader(raw, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
            // Empty lines are kept as records so that record numbers stay the row numbers a spreadsheet shows.
            CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
            parser = CSVParser.parse(reader, format);
            boolean first = true;
            for (CSVRecord record : parser) {
                String[] values = record.values();
                for (String value : values) {
                    if (value.length() > MAX_CELL_CHARS) {
                        throw new Passed(cellTooLarge(Math.toIntExact(record.getRecordNumber())));
                    }
                }
                List<String> cells = Arrays.asList(values);
                if (first && !cells.isEmpty() && cells.get(0).startsWith("\uFEFF")) {
                    // A GB18030 byte order mark decodes to U+FEFF.
                    cells.set(0, cells.get(0).substring(1));
                }
                first = false;
                emit(new Row(Math.toIntExact(record.getRecordNumber()), cells), handler);
            }
        } catch (UncheckedIOException e) {
            throw recordTooLarge(e.getCause(), parser);
        } catch (IOException e) {
            throw recordTooLarge(e, parser);
        }
    }

    /** The row being read when a record passed its bound, named by the parser's count. */
    private static RuntimeException recordTooLarge(@Nullable Throwable cause, @Nullable CSVParser parser) {
        if (cause instanceof RecordTooLarge) {
            int row = parser == null ? 1 : Math.toIntExact(parser.getRecordNumber() + 1);
            return rowTooLarge(row);
        }
        return unreadable(cause);
    }

    private static void readXlsx(Source source, RowHandler handler) {
        OPCPackage pkg = null;
        try (InputStream in = source.open()) {
            // From a stream: small parts are held in memory, larger ones in encrypted temporary files.
            pkg = OPCPackage.open(in);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new BoundedSharedStrings(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw DomainException.unprocessable("import-file-empty", Map.of("field", "file"));
            }
            try (InputStream sheet = sheets.next()) {
                BoundedCells cells = new BoundedCells(XMLHelper.newXMLReader());
                cells.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new SheetRows(handler),
                        new DataFormatter(Locale.ROOT), false));
                cells.parse(new InputSource(sheet));
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
        private int row;
        private long rowChars;

        SheetRows(RowHandler handler) {
            this.handler = handler;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new ArrayList<>();
            row = rowNum + 1;
            rowChars = 0;
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
            String value = formattedValue == null ? "" : formattedValue;
            // A shared string is short enough by itself; many of them in one row are not.
            rowChars += value.length();
            if (value.length() > MAX_CELL_CHARS) {
                throw new Passed(cellTooLarge(row));
            }
            if (rowChars > MAX_ROW_CHARS) {
                throw new Passed(rowTooLarge(row));
            }
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value);
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

    /**
     * The sheet's XML on its way to POI's handler: the text of one cell and of one row is counted as it
     * arrives and refused past its bound, before the handler has collected it.
     */
    private static final class BoundedCells extends XMLFilterImpl {
        private int row;
        private long cellChars;
        private long rowChars;

        BoundedCells(XMLReader parent) {
            super(parent);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if ("row".equals(localName)) {
                rowChars = 0;
                String number = attributes.getValue("r");
                row = number != null && number.matches("\\d{1,7}") ? Integer.parseInt(number) : row + 1;
            } else if ("c".equals(localName)) {
                cellChars = 0;
            }
            super.startElement(uri, localName, qName, attributes);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            cellChars += length;
            rowChars += length;
            if (cellChars > MAX_CELL_CHARS) {
                throw new SAXException(new Passed(cellTooLarge(row)));
            }
            if (rowChars > MAX_ROW_CHARS) {
                throw new SAXException(new Passed(rowTooLarge(row)));
            }
            super.characters(ch, start, length);
        }
    }

    /**
     * POI's read-only shared strings table, refusing a string past {@link #MAX_CELL_CHARS} and a table
     * past {@link #MAX_SHARED_CHARS} while it reads them. POI reads in its constructor, before fields
     * of this class could be initialised, so they start at their zero defaults on purpose.
     */
    private static final class BoundedSharedStrings extends ReadOnlySharedStringsTable {
        private long item;
        private long total;

        BoundedSharedStrings(OPCPackage pkg) throws IOException, SAXException {
            super(pkg, false);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if ("si".equals(localName)) {
                item = 0;
            }
            super.startElement(uri, localName, qName, attributes);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            item += length;
            total += length;
            if (item > MAX_CELL_CHARS) {
                throw new SAXException(new Passed(cellTooLarge(null)));
            }
            if (total > MAX_SHARED_CHARS) {
                throw new SAXException(new Passed(DomainException.unprocessable("import-text-too-large",
                        Map.of("field", "file", "limit", MAX_SHARED_CHARS), MAX_SHARED_CHARS)));
            }
            super.characters(ch, start, length);
        }
    }

    /**
     * Bounds one CSV record before Commons CSV collects it: follows the quoting of RFC 4180 as the
     * parser does (a quote opens a field only at its start, a doubled quote inside is a quote, a line
     * break ends a record only outside quotes) and refuses a record past {@link #MAX_ROW_CHARS}.
     */
    private static final class BoundedRecords extends FilterReader {
        private static final int FIELD_START = 0;
        private static final int UNQUOTED = 1;
        private static final int QUOTED = 2;
        private static final int QUOTE_IN_QUOTED = 3;

        private int state = FIELD_START;
        private long chars;

        BoundedRecords(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                see((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i]);
            }
            return n;
        }

        private void see(char c) throws RecordTooLarge {
            boolean lineBreak = c == '\n' || c == '\r';
            switch (state) {
                case QUOTED -> state = c == '"' ? QUOTE_IN_QUOTED : QUOTED;
                case QUOTE_IN_QUOTED -> state = c == '"' ? QUOTED : c == ',' || lineBreak ? FIELD_START : UNQUOTED;
                case FIELD_START -> state = c == '"' ? QUOTED : c == ',' || lineBreak ? FIELD_START : UNQUOTED;
                default -> state = c == ',' || lineBreak ? FIELD_START : UNQUOTED;
            }
            if (lineBreak && state == FIELD_START) {
                chars = 0;
            } else if (++chars > MAX_ROW_CHARS) {
                throw new RecordTooLarge();
            }
        }
    }

    /** A CSV record past its bound; an IOException, so that Commons CSV passes it on as it is. */
    private static final class RecordTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLarge() {
            super("a record of the file is too large");
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

    /** @param row the row, when it is known (a workbook's shared string belongs to no row) */
    private static DomainException cellTooLarge(@Nullable Integer row) {
        return row == null
                ? DomainException.unprocessable("import-cell-too-large", Map.of("field", "file", "limit",
                        MAX_CELL_CHARS), MAX_CELL_CHARS)
                : DomainException.unprocessable("import-cell-too-large-in-row", Map.of("field", "file", "row", row,
                        "limit", MAX_CELL_CHARS), row, MAX_CELL_CHARS);
    }

    private static DomainException rowTooLarge(int row) {
        return DomainException.unprocessable("import-row-too-large", Map.of("field", "file", "row", row, "limit",
                MAX_ROW_CHARS), row, MAX_ROW_CHARS);
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
