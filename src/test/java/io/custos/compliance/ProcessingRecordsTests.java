package io.custos.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.Sensitivity;
import io.custos.sharing.RecipientType;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * The record of processing activities (issue 22.5) generated from what the system holds: a seeded
 * grant's recipients appear under its purpose, a partner abroad marked as a cross-border transfer
 * and a domestic one not, a grant that ended over a year ago gone; the Excel file read back with POI
 * and the PDF's text in both languages; each export audited; a salesperson refused everywhere.
 */
@IntegrationTest
class ProcessingRecordsTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ProcessingRecords records;

    TestAccounts.Account security;
    TestAccounts.Account officer;
    TestAccounts.Account salesperson;
    UUID department;
    UUID receiving;
    UUID abroad;
    UUID domestic;
    UUID longAgo;
    String tag;

    @BeforeEach
    void seed() {
        Instant now = clock.instant();
        tag = UUID.randomUUID().toString().substring(0, 6);
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        officer = accounts.create(now, Set.of(Role.ADMIN_OFFICER));
        salesperson = accounts.create(now, Set.of(Role.EMPLOYEE));
        department = accounts.customerDepartment("ROPA-" + tag);
        receiving = accounts.customerDepartment("ROPA-R-" + tag);
        ProcessingFixture seed = new ProcessingFixture(jdbc, officer.id());
        UUID customer = seed.customer(department, now);
        abroad = seed.partner("Hamburg " + tag, "DE", now);
        domestic = seed.partner("Ningbo " + tag, "CN", now);
        longAgo = seed.partner("Oldco " + tag, "US", now);
        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(Duration.ofDays(30));
        seed.grant(department, "PARTNER", abroad, "DELIVERY", "companyName,address", from, until, null, List.of(customer));
        seed.grant(department, "PARTNER", domestic, "DELIVERY", "companyName,phone", from, until, null, List.of(customer));
        seed.grant(department, "DEPARTMENT", receiving, "DELIVERY", "companyName", now.minus(Duration.ofDays(90)),
                now.minus(Duration.ofDays(60)), null, List.of(customer));
        seed.grant(department, "PARTNER", longAgo, "DELIVERY", "companyName", now.minus(Duration.ofDays(500)),
                now.minus(Duration.ofDays(400)), null, List.of(customer));
    }

    @Test
    void eachPurposeListsItsFieldsByLevelItsRecipientsAndTheSafeguardsTheLevelsCall() {
        ProcessingRecord record = records.current(user(security, Role.SECURITY_ADMIN));

        assertThat(record.header().homeCountry()).isEqualTo("CN");
        assertThat(record.header().retentionVersion()).isNotNull();
        ProcessingRecord.Activity delivery = activity(record, "DELIVERY");
        assertThat(delivery.labelEn()).isEqualTo("Delivery");
        assertThat(delivery.categories()).extracting(ProcessingRecord.Category::level)
                .as("highest level first").containsExactly(Sensitivity.L3, Sensitivity.L2, Sensitivity.L1);
        assertThat(delivery.categories().get(0).fields()).extracting(ProcessingRecord.Field::key)
                .containsExactlyInAnyOrder("phone", "address");
        assertThat(delivery.dataSubjects()).containsExactly(ProcessingRecord.DataSubject.values());
        assertThat(delivery.retention()).isNotEmpty();

        ProcessingRecord.RecipientEntry hamburg = recipient(delivery, abroad);
        assertThat(hamburg.type()).isEqualTo(RecipientType.PARTNER);
        assertThat(hamburg.country()).isEqualTo("DE");
        assertThat(hamburg.crossBorder()).as("a partner abroad").isTrue();
        assertThat(hamburg.inForce()).isTrue();
        assertThat(recipient(delivery, domestic).crossBorder()).as("a partner in the company's country").isFalse();
        ProcessingRecord.RecipientEntry department = recipient(delivery, receiving);
        assertThat(department.type()).isEqualTo(RecipientType.DEPARTMENT);
        assertThat(department.nameEn()).isEqualTo("ROPA-R-" + tag);
        assertThat(department.inForce()).as("ended two months ago, still within the year").isFalse();
        assertThat(delivery.recipients()).extracting(ProcessingRecord.RecipientEntry::id)
                .as("a grant that ended over a year ago").doesNotContain(longAgo);
        assertThat(delivery.crossBorder()).isTrue();

        assertThat(delivery.safeguards()).contains(ProcessingSafeguard.ENCRYPTION_AT_REST, ProcessingSafeguard.MASKING,
                ProcessingSafeguard.SEPARATE_THIRD_PARTY_CONSENT, ProcessingSafeguard.RECIPIENT_NDA,
                ProcessingSafeguard.ACCESS_AUDIT, ProcessingSafeguard.EXPORT_APPROVAL)
                .doesNotContain(ProcessingSafeguard.SEPARATE_SENSITIVE_CONSENT);
        assertThat(activity(record, "CONTRACT").safeguards()).as("the contract needs the ID number (L4)")
                .contains(ProcessingSafeguard.SEPARATE_SENSITIVE_CONSENT);
    }

    @Test
    void theJsonAnswerNamesTheCrossBorderRecipient() throws Exception {
        String token = Api.token(mvc, officer, clock.instant());
        MockHttpServletResponse response = mvc.perform(get("/api/v1/compliance/processing")
                .header("Authorization", token)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        var json = Api.JSON.readTree(response.getContentAsString());
        var delivery = new ArrayList<tools.jackson.databind.JsonNode>();
        json.get("activities").forEach(a -> {
            if (a.get("purpose").asString().equals("DELIVERY")) {
                delivery.add(a);
            }
        });
        assertThat(delivery).hasSize(1);
        boolean found = false;
        for (var r : delivery.get(0).get("recipients")) {
            if (r.get("id").asString().equals(abroad.toString())) {
                assertThat(r.get("crossBorder").asBoolean()).isTrue();
                assertThat(r.get("country").asString()).isEqualTo("DE");
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void theWorkbookReadsBackWithItsWordsInEitherLanguageAndTheExportIsAudited() throws Exception {
        String token = Api.token(mvc, officer, clock.instant());
        long before = exports();
        for (String lang : List.of("en", "zh-CN")) {
            MockHttpServletResponse response = mvc.perform(get("/api/v1/compliance/processing/export")
                    .param("format", "xlsx").param("lang", lang).header("Authorization", token))
                    .andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getContentType()).startsWith("application/vnd.openxmlformats");
            assertThat(response.getHeader("Content-Disposition")).contains(".xlsx");
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray()))) {
                Sheet sheet = workbook.getSheetAt(0);
                boolean english = lang.equals("en");
                assertThat(text(sheet.getRow(0).getCell(0)))
                        .isEqualTo(english ? "Record of processing activities" : "个人信息处理活动记录");
                Row delivery = rowStarting(sheet, english ? "Delivery" : "发货交付");
                assertThat(delivery).as("the delivery activity's row").isNotNull();
                String recipients = text(delivery.getCell(3));
                assertThat(recipients).contains((english ? "Hamburg " : "Hamburg ") + tag,
                        english ? "Cross-border transfer" : "跨境提供", english ? "Germany" : "德国");
                String ningbo = recipients.lines().filter(l -> l.contains("Ningbo " + tag)).findFirst().orElseThrow();
                assertThat(ningbo).doesNotContain(english ? "Cross-border" : "跨境");
                assertThat(text(delivery.getCell(1))).contains(english ? "Confidential (L3)" : "机密（L3）",
                        english ? "Address" : "地址");
                assertThat(text(delivery.getCell(5))).contains(english ? "stored encrypted only" : "仅以加密形式存储");
            }
        }
        assertThat(exports() - before).isEqualTo(2);
        String details = jdbc.sql("select details from audit_event where action = 'compliance.processing.exported' "
                + "and actor_id = ? order by id desc").param(officer.id()).query(String.class).list().get(0);
        assertThat(details).contains("xlsx").doesNotContain(tag);
    }

    @Test
    void thePdfSaysTheRecordInEitherLanguage() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, security, clock.instant());
        String english = pdf(session, "en");
        assertThat(english).contains("Record of processing activities", "Controller", "Delivery", "Hamburg " + tag,
                "Cross-border transfer", "Confidential (L3)", "customers' contact persons",
                "Recipients receive data only under a confidentiality agreement in force");
        String chinese = pdf(session, "zh-CN");
        assertThat(chinese).contains("个人信息处理活动记录", "个人信息处理者", "发货交付", "Hamburg " + tag + "货代", "跨境提供",
                "客户的联系人");
    }

    @Test
    void aSalespersonReadsNeitherPageNorApi() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, salesperson, clock.instant());
        for (String url : List.of("/compliance/processing", "/compliance/processing/export?format=pdf",
                "/compliance/legal")) {
            assertThat(mvc.perform(get(url).session(session)).andReturn().getResponse().getStatus()).as(url)
                    .isEqualTo(403);
        }
        String token = Api.token(mvc, salesperson, clock.instant());
        for (String url : List.of("/api/v1/compliance/processing", "/api/v1/compliance/processing/export?format=xlsx",
                "/api/v1/compliance/legal-thresholds")) {
            assertThat(mvc.perform(get(url).header("Authorization", token)).andReturn().getResponse().getStatus())
                    .as(url).isEqualTo(403);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> records.current(user(salesperson, Role.EMPLOYEE)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void anUnknownFormatOrLanguageIsRefusedBeforeAnythingIsRecorded() throws Exception {
        String token = Api.token(mvc, officer, clock.instant());
        long before = exports();
        assertThat(mvc.perform(get("/api/v1/compliance/processing/export").param("format", "csv")
                .header("Authorization", token)).andReturn().getResponse().getStatus()).isEqualTo(422);
        assertThat(mvc.perform(get("/api/v1/compliance/processing/export").param("format", "pdf").param("lang", "fr")
                .header("Authorization", token)).andReturn().getResponse().getStatus()).isEqualTo(422);
        assertThat(exports()).isEqualTo(before);
    }

    private String pdf(MockHttpSession session, String lang) throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/compliance/processing/export").param("format", "pdf")
                .param("lang", lang).session(session)).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(response.getContentAsByteArray())) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private long exports() {
        return jdbc.sql("select count(*) from audit_event where action = 'compliance.processing.exported'")
                .query(Long.class).single();
    }

    private static Row rowStarting(Sheet sheet, String purpose) {
        for (Row row : sheet) {
            if (row.getCell(0) != null && purpose.equals(text(row.getCell(0)))) {
                return row;
            }
        }
        return null;
    }

    private static String text(Cell cell) {
        return cell == null ? "" : cell.getStringCellValue();
    }

    static ProcessingRecord.Activity activity(ProcessingRecord record, String purpose) {
        return record.activities().stream().filter(a -> a.purpose().equals(purpose)).findFirst().orElseThrow();
    }

    static ProcessingRecord.RecipientEntry recipient(ProcessingRecord.Activity activity, UUID id) {
        return activity.recipients().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no recipient " + id));
    }

    static CustosUser user(TestAccounts.Account account, Role role) {
        return new CustosUser(account.id(), account.username(), "Test " + account.username(), null, Set.of(role),
                EmployeeStatus.ACTIVE);
    }
}
