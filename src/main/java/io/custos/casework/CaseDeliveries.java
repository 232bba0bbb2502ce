package io.custos.casework;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerCopies;
import io.custos.shared.Actor;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the company delivers for a copy or a portability request (PIPL arts. 45, issue 19.3): every
 * value held about the customer. A copy is an Excel file encrypted with a password (ECMA-376 agile
 * encryption, through Apache POI) that the portal shows the customer beside it; their data to take
 * elsewhere is the same as JSON and as Excel, machine-readable. Both are fetched only by the
 * customer, in the portal.
 */
@Component
class CaseDeliveries {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final char[] PASSWORD_CHARACTERS = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
            .toCharArray();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CustomerCopies copies;
    private final CaseFiles files;
    private final SecureRandom random = new SecureRandom();

    CaseDeliveries(CustomerCopies copies, CaseFiles files) {
        this.copies = copies;
        this.files = files;
    }

    /** Makes and stores the files the case delivers; the number of files. */
    int deliver(CaseView c, LocalDate today, Actor by) {
        List<CustomerCopies.Held> held = copies.valuesOf(c.customerId());
        String stem = c.reference() + "-" + today;
        if (c.type() == CaseType.COPY) {
            String password = password();
            files.deliver(c, stem + ".xlsx", XLSX, encrypted(workbook(held), password), password, by);
            return 1;
        }
        files.deliver(c, stem + ".json", "application/json", json(c, held), null, by);
        files.deliver(c, stem + ".xlsx", XLSX, workbook(held), null, by);
        return 2;
    }

    private static byte[] workbook(List<CustomerCopies.Held> held) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("data");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("字段 / Field");
            header.createCell(1).setCellValue("Field (English)");
            header.createCell(2).setCellValue("值 / Value");
            int r = 1;
            for (CustomerCopies.Held h : held) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(h.labelZh());
                row.createCell(1).setCellValue(h.labelEn());
                row.createCell(2).setCellValue(h.value());
            }
            for (int col = 0; col < 3; col++) {
                sheet.autoSizeColumn(col);
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encrypted(byte[] xlsx, String password) {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword(password);
            try (OutputStream data = encryptor.getDataStream(fs)) {
                data.write(xlsx);
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting the copy failed", e);
        }
    }

    private static byte[] json(CaseView c, List<CustomerCopies.Held> held) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("case", c.reference());
        Map<String, String> values = new LinkedHashMap<>();
        held.forEach(h -> values.put(h.key(), h.value()));
        document.put("values", values);
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        held.forEach(h -> labels.put(h.key(), Map.of("zh", h.labelZh(), "en", h.labelEn())));
        document.put("labels", labels);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
    }

    private String password() {
        StringBuilder password = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            password.append(PASSWORD_CHARACTERS[random.nextInt(PASSWORD_CHARACTERS.length)]);
        }
        return password.toString();
    }
}
