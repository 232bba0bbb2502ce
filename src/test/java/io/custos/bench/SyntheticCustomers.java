package io.custos.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes the benchmark's synthetic customers: {@code customers.csv} and {@code customers.xlsx} with
 * the same rows (headings are field keys, so the import maps them itself), and {@code phones.txt}
 * for the search benchmark. Invented values only: numbers from a counter, never real people.
 *
 * <p>Usage: {@code SyntheticCustomers <directory> <rows>}
 */
public final class SyntheticCustomers {

    static final List<String> HEADINGS = List.of("companyName", "contactName", "city", "phone", "email", "address");
    private static final String[] CITIES = {"上海", "北京", "深圳", "广州", "杭州", "Hamburg", "Rotterdam", "Singapore"};

    private SyntheticCustomers() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        Files.createDirectories(directory);
        try (BufferedWriter csv = Files.newBufferedWriter(directory.resolve("customers.csv"), StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180.builder().setHeader(
                        HEADINGS.toArray(String[]::new)).get());
                BufferedWriter phones = Files.newBufferedWriter(directory.resolve("phones.txt"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                printer.printRecord(row(i));
                phones.write(phone(i));
                phones.newLine();
            }
        }
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(500);
                OutputStream out = Files.newOutputStream(directory.resolve("customers.xlsx"))) {
            SXSSFSheet sheet = workbook.createSheet("customers");
            Row heading = sheet.createRow(0);
            for (int c = 0; c < HEADINGS.size(); c++) {
                heading.createCell(c).setCellValue(HEADINGS.get(c));
            }
            for (int i = 0; i < rows; i++) {
                Row row = sheet.createRow(i + 1);
                List<String> values = row(rows + i);
                for (int c = 0; c < values.size(); c++) {
                    row.createCell(c).setCellValue(values.get(c));
                }
            }
            workbook.write(out);
            workbook.close();
        }
    }

    /** Row {@code i}: unique company, phone and e-mail; the XLSX file continues the numbering after the CSV. */
    static List<String> row(int i) {
        return List.of("Bench Trading " + i + " Co., Ltd.", "联系人" + i, CITIES[i % CITIES.length], phone(i),
                "contact" + i + "@bench.example", "测试路 " + i + " 号");
    }

    static String phone(int i) {
        String digits = String.valueOf(13_000_000_000L + i * 7L);
        return digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
    }
}
