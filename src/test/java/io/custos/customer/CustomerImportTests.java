package io.custos.customer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Importing customers over the API (R-COL-3, R-STO-1, R-AUD-1): CSV and Excel, mapping by headings in
 * either language, both encodings, all or nothing and skip invalid, the report (rows, fields,
 * reasons, never values), every refusal a problem, and 100,000 rows.
 */
@IntegrationTest
class CustomerImportTests {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CustomerImportTests.class);

    static final Charset GB18030 = Charset.forName("GB18030");

    @Autowired MockMvc mvc;
    @Autowired io.custos.training.PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ImportRunner runner;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;

    @BeforeEach
    void anEmployeeOfASalesDepartment() throws Exception {
        department = accounts.department("I" + UUID.randomUUID().toString().substring(0, 6));
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        // Finding a customer by a confidential value needs what revealing it needs (issue 13.1).
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @Test
    void importsACsvFileWhoseConfidentialValuesAreOnlyCiphertextAndFoundByPhone() throws Exception {
        String company = "Harbour Import " + suffix();
        byte[] file = ImportFiles.csv(UTF_8, "companyName,contactName,phone,email,city",
                company + ",Anna Schmidt,+86 139 1111 2201,anna@example.com,Hamburg",
                "\"" + company + " Two, Ltd.\",Jan,13911112202,jan@example.org,Rotterdam");

        Map<String, Object> done = importAndWait(upload(file, "customers.csv"), "ALL_OR_NOTHING", null, null);

        assertThat(done).containsEntry("status", "DONE").containsEntry("totalRows", 2).containsEntry("processedRows", 2)
                .containsEntry("created", 2).containsEntry("skipped", 0).containsEntry("errors", List.of())
                .containsEntry("moreErrors", 0).containsEntry("format", "CSV");
        List<UUID> ids = customersOf(owner);
        assertThat(ids).hasSize(2);
        String stored = jdbc.sql("select field_key || '=' || coalesce(plain_value, '') || '/' || coalesce(ciphertext, '') "
                + "from customer_value where customer_id in (?, ?)").params(ids.get(0), ids.get(1))
                .query(String.class).list().toString();
        assertThat(stored).contains("companyName=" + company, "city=Hamburg", "contactName=Anna Schmidt")
                .doesNotContain("139 1111", "13911112202", "1111 2201", "anna@", "example.com", "jan@");
        assertThat(jdbc.sql("select count(*) from customer_value where customer_id in (?, ?) and field_key in "
                + "('phone', 'email') and ciphertext is not null and blind_index is not null and plain_value is null")
                .params(ids.get(0), ids.get(1)).query(Long.class).single()).isEqualTo(4);

        Map<String, Object> found = Api.body(mvc.perform(Api.search("phone", "13911112201")
                .header("Authorization", ownerToken)).andReturn());
        assertThat(found).containsEntry("total", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) found.get("items")).get(0);
        assertThat(item).containsEntry("ownerUsername", owner.username());
        assertThat(item.get("fields")).isEqualTo(Map.of("companyName", company, "contactName", "Anna Schmidt",
                "city", "Hamburg", "phone", "*******2201", "email", "***@example.com"));

        assertThat(jdbc.sql("select count(*) from consent_state where customer_id in (?, ?) and notice_version = 1")
                .params(ids.get(0), ids.get(1)).query(Long.class).single()).as("each customer has the consent").isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'consent.granted' and actor_name = ?")
                .param(owner.username()).query(Long.class).single()).as("recorded for the importer").isEqualTo(2);

        String importId = (String) done.get("id");
        List<String> created = jdbc.sql("select details from audit_event where action = 'customer.record.created' "
                + "and actor_name = ? order by id").param(owner.username()).query(String.class).list();
        assertThat(created).hasSize(2).allSatisfy(details -> assertThat(details)
                .contains("\"importId\":\"" + importId + "\"", "\"fields\":[\"city\",\"companyName\",\"contactName\","
                        + "\"email\",\"phone\"]"));
        assertThat(Api.JSON.readValue(jdbc.sql("select details from audit_event where action = "
                + "'customer.records.imported' and target_id = ? and outcome = 'ALLOWED'").param(importId)
                .query(String.class).single(), Map.class))
                .isEqualTo(Map.of("format", "CSV", "mode", "ALL_OR_NOTHING", "created", 2, "skipped", 0,
                        "importId", importId));
    }

    @Test
    void importsTheFirstSheetOfAWorkbookMappedByChineseHeadings() throws Exception {
        String company = "青岛远航贸易" + suffix();
        byte[] file = ImportFiles.xlsx(List.of(
                List.of("公司名称", "联系人", "电话", " 电子邮箱 ", "备注"),
                List.of(company, "王伟", 13922223301L, "wang.wei@example.cn", "不导入"),
                new ArrayList<>(List.of("", "", "", "", "")),
                List.of(company + "二部", "李娜", "139 2222 3302", "li.na@example.cn", "")));

        Map<String, Object> done = importAndWait(upload(file, "客户.xlsx"), "SKIP_INVALID", null, null);

        assertThat(done).containsEntry("status", "DONE").containsEntry("format", "XLSX").containsEntry("totalRows", 2)
                .containsEntry("created", 2).containsEntry("skipped", 0);
        assertThat(search("phone", "13922223301")).containsEntry("total", 1);
        assertThat(search("email", "LI.NA@example.cn")).containsEntry("total", 1);
        assertThat(search("name", company)).containsEntry("total", 2);
        assertThat(jdbc.sql("select count(*) from customer_value v join customer c on c.id = v.customer_id "
                + "where c.owner_id = ? and v.plain_value like '%不导入%'").param(owner.id()).query(Long.class).single())
                .isZero();
    }

    @Test
    void readsCsvInGb18030AndUtf8WithByteOrderMark() throws Exception {
        String company = "宁波恒达进出口" + suffix();
        byte[] gb = ImportFiles.csv(GB18030, "公司名称,联系人,城市,电话", company + ",张敏,宁波,13933334401");
        assertThat(importAndWait(upload(gb, "客户.csv"), "ALL_OR_NOTHING", "GB18030", null))
                .containsEntry("status", "DONE").containsEntry("created", 1);
        assertThat(search("phone", "13933334401").toString()).contains(company, "张敏", "宁波");

        assertProblem(start(upload(gb, "客户.csv"), "ALL_OR_NOTHING", null, null), 422, "import-encoding-invalid",
                "encoding");

        byte[] text = ImportFiles.csv(UTF_8, "Company name,Contact person,Phone", company + "-BOM,赵杰,13933334402");
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        // The byte order mark decides, whatever was chosen; the first heading is still found.
        assertThat(importAndWait(upload(withBom, "customers.csv"), "ALL_OR_NOTHING", "GB18030", null))
                .containsEntry("status", "DONE").containsEntry("created", 1);
        assertThat(search("phone", "13933334402").toString()).contains(company + "-BOM", "赵杰");
    }

    @Test
    void aMalformedFileInAllOrNothingModeReportsTheRowsAndWritesNothing() throws Exception {
        long customers = count("customer");
        long keys = count("data_key");
        long values = count("customer_value");
        long events = count("audit_event where action = 'customer.record.created'");
        long consents = count("consent_record");
        byte[] file = ImportFiles.csv(UTF_8, "companyName,phone,email,idNumber",
                "Good Row Ltd,13944445501,good@example.com,",
                "Bad Phone Ltd,call me 5551234,ok@example.com,",
                "Bad Mail Ltd,13944445503,not-an-email,",
                ",13944445504,,",
                "",
                "Bad Id Ltd,,,ID?#12");

        Map<String, Object> failed = importAndWait(upload(file, "bad.csv"), "ALL_OR_NOTHING", null, null);

        assertThat(failed).containsEntry("status", "FAILED").containsEntry("failure", "invalid-rows")
                .containsEntry("created", 0).containsEntry("skipped", 4).containsEntry("totalRows", 5);
        assertThat(failed.get("errors")).isEqualTo(List.of(
                Map.of("row", 3, "field", "phone", "reason", "malformed"),
                Map.of("row", 4, "field", "email", "reason", "malformed"),
                Map.of("row", 5, "field", "companyName", "reason", "required"),
                Map.of("row", 7, "field", "idNumber", "reason", "malformed")));
        assertThat(Api.JSON.writeValueAsString(failed)).doesNotContain("call me", "not-an-email", "ID?#12",
                "Bad Phone", "13944445504");
        assertThat(count("customer")).isEqualTo(customers);
        assertThat(count("data_key")).isEqualTo(keys);
        assertThat(count("customer_value")).isEqualTo(values);
        assertThat(count("audit_event where action = 'customer.record.created'")).isEqualTo(events);
        assertThat(count("consent_record")).isEqualTo(consents);
        assertThat(jdbc.sql("select outcome from audit_event where action = 'customer.records.imported' and target_id = ?")
                .param(failed.get("id")).query(String.class).single()).isEqualTo("FAILED");
    }

    @Test
    void skipInvalidWritesTheValidRowsAndReportsTheOthers() throws Exception {
        String company = "Skip " + suffix();
        byte[] file = ImportFiles.csv(UTF_8, "companyName,phone,ownerUsername",
                company + " A,13955556601,",
                company + " B,not a phone,",
                company + " C,13955556603," + owner.username(),
                company + " D,13955556604,nobody.here",
                company + " E,13955556605," + accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)).username());

        Map<String, Object> done = importAndWait(upload(file, "mixed.csv"), "SKIP_INVALID", null, null);

        assertThat(done).containsEntry("status", "DONE").containsEntry("created", 2).containsEntry("skipped", 3)
                .containsEntry("processedRows", 5).containsEntry("committedRow", 6);
        assertThat(done.get("errors")).isEqualTo(List.of(
                Map.of("row", 3, "field", "phone", "reason", "malformed"),
                Map.of("row", 5, "field", "ownerUsername", "reason", "owner-unknown"),
                Map.of("row", 6, "field", "ownerUsername", "reason", "owner-not-assignable")));
        assertThat(search("name", company)).containsEntry("total", 2);
        assertThat(search("phone", "13955556603")).containsEntry("total", 1);
        assertThat(search("phone", "13955556604")).containsEntry("total", 0);
    }

    /** Issue 16, R-DEL-1: two optional columns carry the activity dates; a bad date is a row problem. */
    @Test
    void importsTheActivityDatesByTheirHeadingsAndReportsBadOnesAsRowProblems() throws Exception {
        String company = "Dated " + suffix();
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString();
        byte[] file = ImportFiles.csv(UTF_8, "companyName,最近联系,Last transaction",
                company + " A,2024-03-15,2023/12/1",
                company + " B,15.03.2024,",
                company + " C," + tomorrow + ",",
                company + " D,,2024年2月29日",
                company + " E,2023-02-29,");

        Map<String, Object> done = importAndWait(upload(file, "dates.csv"), "SKIP_INVALID", null, null);

        assertThat(done).containsEntry("status", "DONE").containsEntry("created", 2).containsEntry("skipped", 3);
        assertThat(done.get("errors")).isEqualTo(List.of(
                Map.of("row", 3, "field", "lastContactOn", "reason", "date-malformed"),
                Map.of("row", 4, "field", "lastContactOn", "reason", "activity-date-in-future"),
                Map.of("row", 6, "field", "lastContactOn", "reason", "date-malformed")));
        assertThat(jdbc.sql("select c.last_contact_on, c.last_transaction_on from customer c join customer_value v "
                + "on v.customer_id = c.id and v.field_key = 'companyName' where v.plain_value like ? "
                + "order by v.plain_value").param(company + "%")
                .query((rs, n) -> rs.getObject(1, java.time.LocalDate.class) + "/"
                        + rs.getObject(2, java.time.LocalDate.class)).list())
                .containsExactly("2024-03-15/2023-12-01", "null/2024-02-29");
    }

    @Test
    void aDepartmentHeadAssignsImportedCustomersWithinTheDepartment() throws Exception {
        TestAccounts.Account head = accounts.create(clock.instant(), Set.of(Role.DEPT_HEAD));
        accounts.moveTo(head, department);
        String company = "Assigned " + suffix();
        byte[] file = ImportFiles.csv(UTF_8, "Owner,Company name", owner.username() + "," + company);
        MvcResult started = mvc.perform(multipart("/api/v1/customers/imports").file(upload(file, "owners.csv"))
                .param("mode", "ALL_OR_NOTHING").param("consent", Api.json(Consents.full()))
                .header("Authorization", Api.token(mvc, head, clock.instant())))
                .andReturn();
        assertThat(started.getResponse().getStatus()).isEqualTo(202);
        assertThat(await(started, Api.token(mvc, head, clock.instant()))).containsEntry("created", 1);
        assertThat(customersOf(owner)).hasSize(1);
        assertThat(customersOf(head)).isEmpty();
    }

    @Test
    void anExplicitMappingChoosesAndIgnoresColumns() throws Exception {
        String company = "Mapped " + suffix();
        byte[] file = ImportFiles.csv(UTF_8, "Firma,Telefon,Notiz", company + ",13966667701,secret note");
        Map<String, Object> done = importAndWait(upload(file, "mapped.csv"), "ALL_OR_NOTHING", null,
                "{\"0\":\"companyName\",\"1\":\"phone\",\"2\":\"ignore\"}");
        assertThat(done).containsEntry("created", 1);
        assertThat(search("phone", "13966667701").toString()).contains(company);
        assertThat(jdbc.sql("select count(*) from customer_value where plain_value = 'secret note'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void badUploadsAndMappingsAreProblemsNamingTheFieldNeverAValue() throws Exception {
        byte[] csv = ImportFiles.csv(UTF_8, "companyName,phone", "Problem Ltd,13977778801");
        assertProblem(start(upload("%PDF-1.7 \0\0 binary".getBytes(UTF_8), "contract.pdf"), "ALL_OR_NOTHING", null,
                null), 422, "import-format-unsupported", "file");
        assertProblem(start(upload(csv, "customers.docx"), "ALL_OR_NOTHING", null, null), 422,
                "import-format-unsupported", "file");
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertProblem(start(upload(xls, "old.xls"), "ALL_OR_NOTHING", null, null), 422, "import-format-unsupported",
                "file");
        assertProblem(start(upload(zip("readme.txt", "hello".getBytes(UTF_8)), "fake.xlsx"), "ALL_OR_NOTHING", null,
                null), 422, "import-file-unreadable", "file");
        assertProblem(start(upload(new byte[0], "empty.csv"), "ALL_OR_NOTHING", null, null), 422, "import-file-empty",
                "file");
        assertProblem(start(upload(ImportFiles.csv(UTF_8, "companyName,phone"), "headings.csv"), "ALL_OR_NOTHING",
                null, null), 422, "import-file-empty", "file");
        assertProblem(start(upload(ImportFiles.csv(UTF_8, "companyName", "\"unterminated"), "broken.csv"),
                "ALL_OR_NOTHING", null, null), 422, "import-file-unreadable", "file");
        assertProblem(start(upload(csv, "c.csv"), null, null, null), 422, "import-mode-invalid", "mode");
        assertProblem(start(upload(csv, "c.csv"), "SOMETIMES", null, null), 422, "import-mode-invalid", "mode");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", "EBCDIC", null), 422,
                "import-encoding-unsupported", "encoding");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, "{not json"), 422, "import-mapping-invalid",
                "mapping");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, "{\"x\":\"phone\"}"), 422,
                "import-mapping-invalid", "mapping");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, "{\"7\":\"phone\",\"0\":\"companyName\"}"),
                422, "import-mapping-invalid", "mapping");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, "{\"0\":\"phone\",\"1\":\"phone\"}"), 422,
                "import-mapping-duplicate", "phone");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, "{\"1\":\"phone\"}"), 422,
                "import-mapping-incomplete", "companyName");
        MvcResult unknown = start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null,
                "{\"0\":\"companyName\",\"1\":\"13977778801\"}");
        assertProblem(unknown, 422, "unknown-customer-field", "(invalid name)");
        assertThat(unknown.getResponse().getContentAsString()).doesNotContain("13977778801");
        assertThat(mvc.perform(multipart("/api/v1/customers/imports").param("mode", "SKIP_INVALID")
                .param("consent", Api.json(Consents.full())).header("Authorization", ownerToken)).andReturn()
                .getResponse().getStatus()).isEqualTo(400);
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, null, null), 422, "consent-required",
                "consent");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, null, "{\"noticeVersion\":\"x\"}"), 422,
                "import-consent-invalid", "consent");
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, null,
                Api.json(Map.of("noticeVersion", 999, "purposes", List.of("SALES_FOLLOW_UP"), "sensitiveConsent", false,
                        "thirdPartyConsent", false, "channel", "PAPER_FORM"))), 422, "notice-not-published",
                "consent.noticeVersion");
        assertThat(customersOf(owner)).isEmpty();
    }

    @Test
    void theConsentMustCoverEveryMappedFieldAsForACustomerCreatedByHand() throws Exception {
        byte[] csv = ImportFiles.csv(UTF_8, "companyName,phone,idNumber", "Consent Ltd,13911110001,110105194912310021");
        String salesOnly = Api.json(Consents.of(List.of("SALES_FOLLOW_UP"), false));
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, null, salesOnly), 422, "field-not-necessary",
                "idNumber");
        String contract = Api.json(Consents.of(List.of("SALES_FOLLOW_UP", "CONTRACT"), false));
        assertProblem(start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null, null, contract), 422,
                "sensitive-consent-required", "idNumber");
        MvcResult started = start(upload(csv, "c.csv"), "ALL_OR_NOTHING", null,
                "{\"0\":\"companyName\",\"1\":\"phone\",\"2\":\"ignore\"}", salesOnly);
        assertThat(await(started, ownerToken)).containsEntry("status", "DONE").containsEntry("created", 1);
        assertThat(jdbc.sql("select s.purposes from consent_state s join customer c on c.id = s.customer_id "
                + "where c.owner_id = ?").param(owner.id()).query(String.class).single()).isEqualTo("SALES_FOLLOW_UP");
    }

    @Test
    void refusesAZipBomb() throws Exception {
        byte[] spaces = new byte[20_000_000];
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] bomb = zip("xl/worksheets/sheet1.xml", spaces);
        assertThat(bomb.length).isLessThan(100_000);
        assertProblem(start(upload(bomb, "bomb.xlsx"), "ALL_OR_NOTHING", null, null), 422, "import-file-unreadable",
                "file");
    }

    @Test
    void refusesMoreRowsThanTheLimit() throws Exception {
        StringBuilder text = new StringBuilder("companyName\r\n");
        for (int i = 0; i <= 100_000; i++) {
            text.append("Row ").append(i).append("\r\n");
        }
        MvcResult result = start(upload(text.toString().getBytes(UTF_8), "huge.csv"), "SKIP_INVALID", null, null);
        assertProblem(result, 422, "import-too-many-rows", "file");
        assertThat(Api.body(result)).containsEntry("limit", 100_000);
        assertThat(customersOf(owner)).isEmpty();
    }

    @Test
    void onlyTheRequesterSeesAnImportAndOnlyEmployeesImport() throws Exception {
        byte[] csv = ImportFiles.csv(UTF_8, "companyName", "Private " + suffix());
        MvcResult started = start(upload(csv, "p.csv"), "ALL_OR_NOTHING", null, null);
        await(started, ownerToken);
        String location = started.getResponse().getHeader(HttpHeaders.LOCATION);
        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(colleague, department);
        MvcResult other = mvc.perform(get(location).header("Authorization", Api.token(mvc, colleague, clock.instant())))
                .andReturn();
        assertProblem(other, 404, "not-found", null);
        assertProblem(mvc.perform(get("/api/v1/customers/imports/" + UUID.randomUUID()).header("Authorization",
                ownerToken)).andReturn(), 404, "not-found", null);

        String management = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false), clock.instant());
        assertProblem(mvc.perform(multipart("/api/v1/customers/imports").file(upload(csv, "p.csv"))
                .param("mode", "ALL_OR_NOTHING").param("consent", Api.json(Consents.full()))
                .header("Authorization", management)).andReturn(), 403, "forbidden",
                null);
    }

    @Test
    void anImportRunningWhenTheApplicationStoppedIsFailedAtTheNextStart() throws Exception {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into customer_import (id, requested_by, node, format, mode, status, total_rows, processed_rows, "
                + "created, skipped, committed_row, report, report_count, requested_at, started_at) values (?, ?, ?, "
                + "'CSV', 'SKIP_INVALID', 'RUNNING', 2000, 1000, 990, 10, 1001, '[]', 10, current_timestamp, "
                + "current_timestamp)").params(id, owner.id(), runner.node()).update();

        runner.failInterrupted();

        Map<String, Object> status = Api.body(mvc.perform(get("/api/v1/customers/imports/" + id)
                .header("Authorization", ownerToken)).andReturn());
        assertThat(status).containsEntry("status", "FAILED").containsEntry("failure", "interrupted")
                .containsEntry("created", 990).containsEntry("committedRow", 1001);
        assertThat(status.get("finishedAt")).isNotNull();
        assertThat(jdbc.sql("select actor_name from audit_event where action = 'customer.records.imported' "
                + "and target_id = ? and outcome = 'FAILED'").param(id.toString()).query(String.class).single())
                .isEqualTo("system:customer-import");
    }

    @Test
    void importsFiveThousandRowsInChunks() throws Exception {
        Map<String, Object> done = importAndWait(generated(5_000), "SKIP_INVALID", null, null);
        assertThat(done).containsEntry("status", "DONE").containsEntry("created", 5_000).containsEntry("skipped", 0)
                .containsEntry("processedRows", 5_000).containsEntry("committedRow", 5_001);
        assertThat(customersOf(owner)).hasSize(5_000);
        assertThat(search("phone", "13900001234")).containsEntry("total", 1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.record.created' and details like ?")
                .param("%" + done.get("id") + "%").query(Long.class).single()).isEqualTo(5_000);
    }

    /**
     * The issue's 100,000 rows end to end, and their export. One and a half to two and a half minutes
     * on H2 or PostgreSQL on a busy two-core machine, so it runs on request:
     * {@code -Dcustos.test.large-import=true} (and {@code -Dcustos.test.large-import-mode=ALL_OR_NOTHING}).
     * ImportFileTests reads 100,000 rows in every build; importsFiveThousandRowsInChunks writes 5,000.
     */
    @Test
    @EnabledIfSystemProperty(named = "custos.test.large-import", matches = "true")
    void importsOneHundredThousandRows() throws Exception {
        int rows = 100_000;
        long started = System.nanoTime();
        Map<String, Object> done = importAndWait(generated(rows), System.getProperty("custos.test.large-import-mode",
                "SKIP_INVALID"), null, null, Duration.ofMinutes(10));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        log.info("Imported {} rows in {} s", rows, seconds);
        assertThat(done).containsEntry("status", "DONE").containsEntry("created", rows).containsEntry("skipped", 0);
        assertThat(customersOf(owner)).hasSize(rows);
        assertThat(search("phone", "13900001234")).containsEntry("total", 10);

        started = System.nanoTime();
        MvcResult export = mvc.perform(get("/api/v1/customers/export").param("format", "csv")
                .header("Authorization", ownerToken)).andReturn();
        log.info("Exported {} rows in {} s", rows, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(export.getResponse().getContentAsString(UTF_8).lines().count()).isEqualTo(rows + 1);
    }

    /** Rows with Chinese headings, a phone number each (the last four digits repeat every 10,000 rows). */
    private static MockMultipartFile generated(int rows) {
        StringBuilder text = new StringBuilder("公司名称,联系人,电话,城市\r\n");
        for (int i = 0; i < rows; i++) {
            text.append("批量客户").append(i).append(",联系人").append(i % 97).append(",1390000")
                    .append(String.format("%04d", i % 10_000)).append(",青岛\r\n");
        }
        return upload(text.toString().getBytes(UTF_8), "generated.csv");
    }

    // --- helpers -----------------------------------------------------------------------------

    private Map<String, Object> importAndWait(MockMultipartFile file, String mode, @Nullable String encoding,
            @Nullable String mapping) throws Exception {
        return importAndWait(file, mode, encoding, mapping, Duration.ofMinutes(1));
    }

    private Map<String, Object> importAndWait(MockMultipartFile file, String mode, @Nullable String encoding,
            @Nullable String mapping, Duration timeout) throws Exception {
        MvcResult started = start(file, mode, encoding, mapping);
        assertThat(started.getResponse().getStatus()).as(started.getResponse().getContentAsString()).isEqualTo(202);
        assertThat(Api.body(started)).containsEntry("status", "QUEUED");
        return await(started, ownerToken, timeout);
    }

    private Map<String, Object> await(MvcResult started, String token) throws Exception {
        return await(started, token, Duration.ofMinutes(1));
    }

    private Map<String, Object> await(MvcResult started, String token, Duration timeout) throws Exception {
        String location = started.getResponse().getHeader(HttpHeaders.LOCATION);
        assertThat(location).isEqualTo("/api/v1/customers/imports/" + Api.body(started).get("id"));
        return org.awaitility.Awaitility.await("the import finishes").atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Api.body(mvc.perform(get(location).header("Authorization", token)).andReturn()),
                        status -> "DONE".equals(status.get("status")) || "FAILED".equals(status.get("status")));
    }

    private MvcResult start(MockMultipartFile file, @Nullable String mode, @Nullable String encoding,
            @Nullable String mapping) throws Exception {
        return start(file, mode, encoding, mapping, Api.json(Consents.full()));
    }

    private MvcResult start(MockMultipartFile file, @Nullable String mode, @Nullable String encoding,
            @Nullable String mapping, @Nullable String consent) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/v1/customers/imports").file(file);
        if (consent != null) {
            request.param("consent", consent);
        }
        if (mode != null) {
            request.param("mode", mode);
        }
        if (encoding != null) {
            request.param("encoding", encoding);
        }
        if (mapping != null) {
            request.param("mapping", mapping);
        }
        return mvc.perform(request.header("Authorization", ownerToken)).andReturn();
    }

    static MockMultipartFile upload(byte[] content, String fileName) {
        return new MockMultipartFile("file", fileName, "application/octet-stream", content);
    }

    static void assertProblem(MvcResult result, int status, String code, @Nullable String field) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        Map<String, Object> body = Api.body(result);
        assertThat(body).containsEntry("code", code).containsEntry("type", "/problems/" + code);
        if (field != null) {
            assertThat(body).containsEntry("field", field);
        }
    }

    private Map<String, Object> search(String filter, String value) throws Exception {
        return Api.body(mvc.perform(Api.search(filter, value).header("Authorization", ownerToken))
                .andReturn());
    }

    private List<UUID> customersOf(TestAccounts.Account account) {
        return jdbc.sql("select id from customer where owner_id = ? order by created_at, id").param(account.id())
                .query(UUID.class).list();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static byte[] zip(String entry, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".getBytes(UTF_8));
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
        }
        return out.toByteArray();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
