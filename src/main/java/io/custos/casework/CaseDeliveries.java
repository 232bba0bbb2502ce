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
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.customer.CustomerSelfView;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the company delivers for a copy or a portability request (PIPL art. 45, issue 19.3): every
 * value held about the customer. Carrying the request out only promises the files; each is made at
 * the moment the signed-in customer fetches it, from the customer's own view of their data, so no
 * member of staff ever holds it and it is current. A copy is an Excel file encrypted with a password
 * (ECMA-376 agile encryption, through Apache POI) that the portal shows the customer; their data to
 * take elsewhere is the same as JSON and as Excel, machine-readable.
 */
@Component
class CaseDeliveries {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String JSON_TYPE = "application/json";
    private static final char[] PASSWORD_CHARACTERS = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
            .toCharArray();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A file the case will deliver: its name, type and, for a copy, the password that will lock it. */
    record Planned(String name, String mediaType, @Nullable String password) {
        @Override
        public String toString() {
            return "Planned[" + name + "]";
        }
    }

    private final CustomerSelfView self;

    CaseDeliveries(CustomerSelfView self) {
        this.self = self;
    }

    static List<Planned> planned(CaseView c, LocalDate today) {
        String stem = c.reference() + "-" + today;
        if (c.type() == CaseType.COPY) {
            return List.of(new Planned(stem + ".xlsx", XLSX, password()));
        }
        return List.of(new Planned(stem + ".json", JSON_TYPE, null), new Planned(stem + ".xlsx", XLSX, null));
    }

    /**
     * The file, made now from what is held about the customer: only for that customer signed in
     * (the customer's own view refuses anyone else with 404).
     */
    byte[] render(CaseView c, CaseFile file, @Nullable String password) {
        List<CustomerSelfView.CopiedField> held = self.copyOf(c.customerId());
        byte[] content = JSON_TYPE.equals(file.mediaType()) ? json(c, held) : workbook(held);
        return password == null ? content : encrypted(content, password);
    }

    private static byte[] workbook(List<CustomerSelfView.CopiedField> held) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("data");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("字段 / Field");
            header.createCell(1).setCellValue("Field (English)");
            header.createCell(2).setCellValue("值 / Value");
            int r = 1;
            for (CustomerSelfView.CopiedField h : held) {
                Row row = sheet.createRow(r++);
                row.createCell(0).setCellValue(h.labelZh());
                row.createCell(1).setCellValue(h.labelEn());
                row.createCell(2).setCellValue(h.value());
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

    private static byte[] json(CaseView c, List<CustomerSelfView.CopiedField> held) {
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

    private static String password() {
        StringBuilder password = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            password.append(PASSWORD_CHARACTERS[RANDOM.nextInt(PASSWORD_CHARACTERS.length)]);
        }
        return password.toString();
    }
}
