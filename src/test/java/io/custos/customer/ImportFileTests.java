package io.custos.customer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.junit.jupiter.api.Test;

import io.custos.shared.DomainException;

/** Reading uploads: rows as a spreadsheet numbers them, both encodings, streaming, refusals (R-COL-3). */
class ImportFileTests {

    @Test
    void numbersRowsAsASpreadsheetDoesPassingOverBlankRows() {
        byte[] csv = ImportFiles.csv(UTF_8, "companyName,businessNeeds", "A Ltd,one", "", "\"B, Ltd\",\"two",
                "lines\"", ",", "C Ltd,three");
        List<String> rows = new ArrayList<>();
        ImportFile.read(csv, ImportFormat.CSV, UTF_8, row -> rows.add(row.number() + ":" + row.cells()));
        assertThat(rows).containsExactly("1:[companyName, businessNeeds]", "2:[A Ltd, one]",
                "4:[B, Ltd, two\r\nlines]", "6:[C Ltd, three]");
    }

    @Test
    void readsTheFirstSheetWithCellsAsExcelShowsThem() {
        byte[] xlsx = ImportFiles.xlsx(List.of(List.of("公司名称", "电话"), List.of("甲公司", 13912345678L),
                new ArrayList<>(Arrays.asList(null, null)), Arrays.asList(null, "021-1234 5678")));
        List<String> rows = new ArrayList<>();
        ImportFile.read(xlsx, ImportFormat.XLSX, UTF_8, row -> rows.add(row.number() + ":" + row.cells()));
        assertThat(rows).containsExactly("1:[公司名称, 电话]", "2:[甲公司, 13912345678]", "4:[, 021-1234 5678]");
    }

    @Test
    void detectsTheFormatFromTheContentAndRefusesOthers() {
        assertThat(ImportFile.detect("a,b".getBytes(UTF_8), "customers.CSV")).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFile.detect("a,b".getBytes(UTF_8), null)).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFile.detect(ImportFiles.xlsx(List.of(List.of("a"))), "Book1.xlsx"))
                .isEqualTo(ImportFormat.XLSX);
        assertRefused(() -> ImportFile.detect(ImportFiles.xlsx(List.of(List.of("a"))), "Book1.csv"),
                "import-format-unsupported");
        assertRefused(() -> ImportFile.detect("a,b".getBytes(UTF_8), "photo.jpg"), "import-format-unsupported");
        assertRefused(() -> ImportFile.detect("a,b".getBytes(java.nio.charset.StandardCharsets.UTF_16LE), "u.csv"),
                "import-format-unsupported");
        assertRefused(() -> ImportFile.charset("ISO-8859-1"), "import-encoding-unsupported");
        assertThat(ImportFile.charset("gbk")).isEqualTo(Charset.forName("GB18030"));
        assertThat(ImportFile.charset(null)).isEqualTo(UTF_8);
    }

    @Test
    void refusesTextThatIsNotInTheChosenEncoding() {
        byte[] gb = ImportFiles.csv(Charset.forName("GB18030"), "公司名称", "青岛远航");
        assertRefused(() -> ImportFile.read(gb, ImportFormat.CSV, UTF_8, row -> { }), "import-encoding-invalid");
        List<String> cells = new ArrayList<>();
        ImportFile.read(gb, ImportFormat.CSV, Charset.forName("GB18030"), row -> cells.addAll(row.cells()));
        assertThat(cells).containsExactly("公司名称", "青岛远航");
    }

    @Test
    void zipBombsAreRefusedByPoisLimits() throws IOException {
        byte[] spaces = new byte[20_000_000];
        Arrays.fill(spaces, (byte) ' ');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(spaces);
        }
        byte[] bomb = out.toByteArray();
        // POI's ZipSecureFile limits are in force: this is what refuses it, not a missing part.
        assertThatThrownBy(() -> OPCPackage.open(new ByteArrayInputStream(bomb))).hasMessageContaining("Zip bomb");
        assertRefused(() -> ImportFile.read(bomb, ImportFormat.XLSX, UTF_8, row -> { }), "import-file-unreadable");
    }

    @Test
    void whatAHandlerThrowsReachesTheCallerUnchanged() {
        byte[] xlsx = ImportFiles.xlsx(List.of(List.of("a"), List.of("b")));
        IllegalStateException stop = new IllegalStateException("stop");
        for (ImportFormat format : ImportFormat.values()) {
            byte[] bytes = format == ImportFormat.XLSX ? xlsx : ImportFiles.csv(UTF_8, "a", "b");
            assertThatThrownBy(() -> ImportFile.read(bytes, format, UTF_8, row -> {
                throw stop;
            })).isSameAs(stop);
        }
    }

    /**
     * 100,000 rows of a workbook are read as a stream: memory in use stays far below what the rows
     * would take as a workbook model (POI's XSSFWorkbook needs hundreds of megabytes for them).
     */
    @Test
    void readsOneHundredThousandRowsOfAWorkbookInBoundedMemory() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("公司名称", "联系人", "电话", "电子邮箱", "城市", "地址"));
        for (int i = 0; i < 100_000; i++) {
            rows.add(List.of("批量客户" + i, "联系人" + i, 13900000000L + i, "c" + i + "@example.com", "青岛",
                    "山东省青岛市市南区香港中路 " + i + " 号"));
        }
        byte[] xlsx = ImportFiles.xlsx(rows);
        rows.clear();
        long before = usedAfterGc();
        long[] seen = {0, 0};
        ImportFile.read(xlsx, ImportFormat.XLSX, UTF_8, row -> {
            seen[0]++;
            if (seen[0] % 25_000 == 0) {
                seen[1] = Math.max(seen[1], usedAfterGc() - before);
            }
        });
        assertThat(seen[0]).isEqualTo(100_001);
        assertThat(seen[1]).as("bytes held while reading").isLessThan(150L * 1024 * 1024);
    }

    @Test
    void readsOneHundredThousandCsvRows() {
        StringBuilder text = new StringBuilder("companyName,phone\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("Customer ").append(i).append(",1390000").append(i % 10_000).append('\n');
        }
        int[] count = {0};
        ImportFile.read(text.toString().getBytes(UTF_8), ImportFormat.CSV, UTF_8, row -> count[0]++);
        assertThat(count[0]).isEqualTo(100_001);
    }

    /** Issue 13.11: a cell or a row past its bound is refused while it is read, naming the row. */
    @Test
    void refusesACsvCellOrRowPastItsBoundNamingTheRow() {
        String big = "x".repeat(ImportFile.MAX_CELL_CHARS + 1);
        assertRefusedIn(ImportFiles.csv(UTF_8, "companyName", "Acme", big), "import-cell-too-large-in-row", 3);
        String wide = String.join(",", java.util.Collections.nCopies(10, "y".repeat(30_000)));
        assertRefusedIn(ImportFiles.csv(UTF_8, "companyName", wide), "import-row-too-large", 2);
        // One quoted field over many short lines is one record, however it is broken up.
        String lines = "\"" + "z\n".repeat(ImportFile.MAX_ROW_CHARS) + "\"";
        assertRefusedIn(ImportFiles.csv(UTF_8, "companyName,address", "Acme," + lines), "import-row-too-large", 2);
    }

    @Test
    void quotesInsideAnUnquotedCellDoNotMakeTheRestOfTheFileOneRow() {
        StringBuilder text = new StringBuilder("companyName,product\n");
        for (int i = 0; i < 40_000; i++) {
            text.append("Screens ").append(i).append(",15\" monitor\n");
        }
        int[] rows = {0};
        ImportFile.read(text.toString().getBytes(UTF_8), ImportFormat.CSV, UTF_8, row -> rows[0]++);
        assertThat(rows[0]).isEqualTo(40_001);
    }

    @Test
    void refusesAWorkbookCellPastItsBoundAsSharedStringOrInline(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path shared = ImportBombs.workbook(dir.resolve("s.xlsx"), ImportFile.MAX_CELL_CHARS + 1000, false);
        java.nio.file.Path inline = ImportBombs.workbook(dir.resolve("i.xlsx"), ImportFile.MAX_CELL_CHARS + 1000, true);
        assertThat(ImportBombs.outcome(shared, ImportFormat.XLSX)).isEqualTo("import-cell-too-large");
        assertThat(ImportBombs.outcome(inline, ImportFormat.XLSX)).isEqualTo("import-cell-too-large-in-row");
        java.nio.file.Path fits = ImportBombs.workbook(dir.resolve("f.xlsx"), 4000, false);
        assertThat(ImportBombs.outcome(fits, ImportFormat.XLSX)).isEqualTo("read");
    }

    private static void assertRefusedIn(byte[] csv, String code, int row) {
        assertThatThrownBy(() -> ImportFile.read(csv, ImportFormat.CSV, UTF_8, r -> { }))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.properties()).containsEntry("row", row);
                });
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code())
                .isEqualTo(code));
    }
}
