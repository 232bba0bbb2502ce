package io.custos.customer;

import java.io.IOException;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The files of the attacks of issue 13.11, written as streams so that the test itself never holds
 * their content: a small workbook whose one text expands to tens of millions of characters (as a
 * shared string or inline in the sheet), and a CSV file of one huge quoted field.
 */
final class ImportBombs {

    private ImportBombs() {
    }

    /**
     * A workbook of one cell holding {@code characters} characters, compressing about 65:1 (like the
     * attack's 1.3 MB file expanding to 95 million characters), so POI's zip-bomb ratio lets it through.
     *
     * @param inline in the sheet itself ({@code <is>}), otherwise in the shared strings table
     */
    static Path workbook(Path file, long characters, boolean inline) {
        try {
            Path template = Files.write(file.resolveSibling(file.getFileName() + ".template"), template());
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(template.toFile());
                    ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    if (entry.getName().equals("xl/sharedStrings.xml") && !inline) {
                        write(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
                                + "spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>", characters,
                                "</t></si></sst>");
                    } else if (entry.getName().equals("xl/worksheets/sheet1.xml") && inline) {
                        write(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                                + "spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>",
                                characters, "</t></is></c></row></sheetData></worksheet>");
                    } else {
                        try (java.io.InputStream in = zip.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
            Files.delete(template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A CSV file whose second row is one quoted field of {@code characters} characters over short lines. */
    static Path csv(Path file, long characters) {
        try (Writer out = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)) {
            out.write("companyName,address\r\nAcme,\"");
            char[] line = new char[80];
            java.util.Arrays.fill(line, 'x');
            line[79] = '\n';
            for (long written = 0; written < characters; written += line.length) {
                out.write(line);
            }
            out.write("\"\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void write(OutputStream out, String head, long characters, String tail) throws IOException {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        // Mostly one letter with a few random ones: compressible, but not so much that POI calls it a bomb.
        Random random = new Random(13);
        byte[] chunk = new byte[1000];
        for (long written = 0; written < characters; written += chunk.length) {
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 5; i++) {
                chunk[random.nextInt(chunk.length)] = (byte) ('a' + random.nextInt(26));
            }
            out.write(chunk);
        }
        out.write(tail.getBytes(StandardCharsets.UTF_8));
    }

    /** A real workbook with a shared strings table, to rewrite. */
    private static byte[] template() {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(null, 100, false, true)) {
            Sheet sheet = workbook.createSheet("客户");
            sheet.createRow(0).createCell(0).setCellValue("companyName");
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            workbook.write(bytes);
            workbook.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reader's answer to a file: the refusal's code, or what went wrong instead. */
    static String outcome(Path file, ImportFormat format) {
        try {
            ImportFile.read(() -> Files.newInputStream(file), format, StandardCharsets.UTF_8, row -> { });
            return "read";
        } catch (io.custos.shared.DomainException e) {
            return e.code();
        } catch (OutOfMemoryError e) {
            return "out-of-memory";
        }
    }


}
