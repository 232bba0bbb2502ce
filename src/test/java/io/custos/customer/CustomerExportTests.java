package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.access.AccessDecisions;
import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.web.TableWriter;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/** The masked customer list as CSV and Excel (R-USE-1, R-AUD-1): what the search shows, recorded first. */
@IntegrationTest
class CustomerExportTests {


    @Autowired MockMvc mvc;
    @Autowired io.custos.training.PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired CustomerListing listing;
    @Autowired CustomerRepository customers;
    @Autowired FieldCatalog catalog;
    @Autowired ValueStore values;
    @Autowired CustomerAudit audit;
    @Autowired MessageSource messages;
    @Autowired AccessDecisions access;
    @Autowired io.custos.shared.web.Times times;

    TestAccounts.Account owner;
    String ownerToken;
    String tag;

    @BeforeEach
    void anOwnerWithTwoCustomersAndAStrangerWithOne() throws Exception {
        tag = "X" + UUID.randomUUID().toString().substring(0, 6);
        UUID department = accounts.department(tag);
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        // Finding a customer by a confidential value needs what revealing it needs (issue 13.1).
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        ownerToken = Api.token(mvc, owner, clock.instant());
        create(ownerToken, tag + " Alpha", "+86 139 2468 1357", "li.ming@example-trade.cn");
        create(ownerToken, "=HYPERLINK(\"x\")" + tag, "13800001111", null);
        TestAccounts.Account stranger = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(stranger, accounts.department("O" + tag));
        create(Api.token(mvc, stranger, clock.instant()), tag + " Hidden", "13700002222", null);
    }

    @Test
    void exportsTheVisibleCustomersAsCsvWithL3MaskedAndRecordsItFirst() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/customers/export").param("format", "csv")
                .header("Authorization", ownerToken)).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("text/csv");
        // Issue 14.14: the time in the name is the exporting person's (the company's zone here), with its offset.
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).isEqualTo(
                "attachment; filename=\"customers-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                        .format(clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai"))) + "+0800.csv\"");
        assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        byte[] bytes = result.getResponse().getContentAsByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        List<CSVRecord> rows = csv(bytes);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("id", "Company name", "Contact person",
                "City", "Phone", "E-mail", "Owner", "Department");
        assertThat(rows).extracting(r -> r.get("Company name"))
                .containsExactlyInAnyOrder(tag + " Alpha", "'=HYPERLINK(\"x\")" + tag);
        CSVRecord alpha = rows.stream().filter(r -> r.get("Company name").equals(tag + " Alpha")).findFirst().orElseThrow();
        assertThat(alpha.get("Phone")).isEqualTo("*******1357");
        assertThat(alpha.get("E-mail")).isEqualTo("***@example-trade.cn");
        assertThat(alpha.get("Contact person")).isEqualTo("李明");
        assertThat(alpha.get("Owner")).isEqualTo(owner.username());
        assertThat(alpha.get("Department")).isEqualTo(tag);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("13924681357", "li.ming", "Hidden");

        List<String> exported = jdbc.sql("select details from audit_event where action = 'customer.records.exported' "
                + "and actor_name = ?").param(owner.username()).query(String.class).list();
        assertThat(exported).hasSize(1);
        // The export names the policy version it was decided under (whichever is in force; other tests edit it).
        assertThat(Api.JSON.readValue(exported.get(0), Map.class))
                .isEqualTo(Map.of("format", "CSV", "rows", 2, "filters", List.of(), "policyVersion",
                        access.policy().version()));
    }

    @Test
    void theFileIsNamedWithTheTimeWhereTheExportingPersonIs() throws Exception {
        // 23:30 UTC: already the next day in Shanghai, still the same day in New York (issue 14.14).
        clock.set(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).atTime(23, 30)
                .toInstant(java.time.ZoneOffset.UTC));
        ownerToken = Api.token(mvc, owner, clock.instant());
        java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssxx");
        String shanghai = local.format(clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")));
        assertThat(shanghai).endsWith("T073000+0800");
        assertThat(exportName()).isEqualTo("customers-" + shanghai + ".csv");

        jdbc.sql("update employee set time_zone = 'America/New_York' where id = ?").param(owner.id()).update();
        String newYork = local.format(clock.instant().atZone(java.time.ZoneId.of("America/New_York")));
        assertThat(newYork).matches("\\d{8}T1[89]3000-0[45]00");
        assertThat(exportName()).isEqualTo("customers-" + newYork + ".csv");
    }

    private String exportName() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/customers/export").param("format", "csv")
                .header("Authorization", ownerToken)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)
                .replaceAll("^attachment; filename=\"(.*)\"$", "$1");
    }

    @Test
    void exportsExcelWithTheSearchFiltersAndChineseHeadings() throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/customers/export").contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("format", "xlsx", "phone", "13924681357"))).header("Authorization", ownerToken)
                .header(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(result.getResponse()
                .getContentAsByteArray()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(1);
            Row header = sheet.getRow(0);
            assertThat(header.getCell(1).getStringCellValue()).isEqualTo("公司名称");
            assertThat(header.getCell(4).getStringCellValue()).isEqualTo("电话");
            assertThat(header.getCell(6).getStringCellValue()).isEqualTo("负责人");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo(tag + " Alpha");
            assertThat(sheet.getRow(1).getCell(4).getStringCellValue()).isEqualTo("*******1357");
        }
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.records.exported' "
                + "and actor_name = ?").param(owner.username()).query(String.class).single())
                .contains("\"filters\":[\"phone\"]", "\"format\":\"XLSX\"", "\"rows\":1").doesNotContain("13924681357", "139 2468", "2468 1357");
    }

    @Test
    void theListPageLinksToTheExportWhichSessionsMayUse() throws Exception {
        org.springframework.mock.web.MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String page = mvc.perform(get("/customers").param("name", tag).session(session)).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("id=\"export-csv\"", "id=\"export-xlsx\"", "id=\"import-customers\"")
                .contains("/customers/export?format=xlsx&amp;name=" + tag);
        MvcResult file = mvc.perform(get("/customers/export").param("format", "csv").param("name", tag)
                .session(session)).andReturn();
        assertThat(file.getResponse().getStatus()).isEqualTo(200);
        assertThat(csv(file.getResponse().getContentAsByteArray())).extracting(r -> r.get("Company name"))
                .containsExactly(tag + " Alpha");
        assertThat(mvc.perform(get("/api/v1/customers/export").param("format", "csv").session(session)).andReturn()
                .getResponse().getStatus()).as("the API takes bearer tokens only").isEqualTo(401);
    }

    @Test
    void refusesAnUnknownFormatAndMoreCustomersThanTheCapWithoutRecordingAnExport() throws Exception {
        MvcResult wrong = mvc.perform(get("/api/v1/customers/export").param("format", "pdf")
                .header("Authorization", ownerToken)).andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(400);
        assertThat(Api.body(wrong)).containsEntry("code", "wrong-type").containsEntry("field", "format");

        // The cap of 100,000 is lowered to 1 for a service of its own; the refusal comes before any event.
        CustomerExport capped = new CustomerExport(listing, customers, catalog, values, audit, new ExportProperties(1),
                new ExportApprovalProperties(50), messages, access, times, clock);
        CustosUser me = new CustosUser(owner.id(), owner.username(), owner.username(), null, Set.of(Role.EMPLOYEE),
                EmployeeStatus.ACTIVE);
        assertThatThrownBy(() -> capped.export(new CustomerExport.ExportFilter(null, null, null, null),
                TableWriter.Format.CSV, Locale.ENGLISH, me))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("customer-export-too-large");
                    assertThat(e.properties()).containsEntry("limit", 1);
                });
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.records.exported' "
                + "and actor_name = ?").param(owner.username()).query(Long.class).single()).isZero();
    }

    private static List<CSVRecord> csv(byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    private void create(String token, String company, String phone, @org.jspecify.annotations.Nullable String email)
            throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("contactName", "李明");
        fields.put("phone", phone);
        if (email != null) {
            fields.put("email", email);
        }
        assertThat(mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields, "consent",
                Consents.full())))).andReturn()
                .getResponse().getStatus()).isEqualTo(201);
    }
}
