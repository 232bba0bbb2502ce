package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFSimpleShape;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Export packages (issue 15.5, R-USE-4, R-USE-5): the approval threshold on direct exports, the
 * package's state machine with every illegal transition, who may decide and download, the encrypted
 * and watermarked file, the password shown once, and the watermark look-up.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ExportPackageTests {

    private static ExportPackageFixture shared;

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired MutableClock clock;

    ExportPackageFixture f;

    @BeforeEach
    void aDepartmentWithSixtyCustomersOfTheRequester() throws Exception {
        if (shared == null) {
            shared = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 60);
        }
        f = shared;
    }

    @Test
    void fiftyCustomersLeaveDirectlyTheFiftyFirstNeedsAPackageWhicheverWayTheExportIsAsked() throws Exception {
        ExportPackageFixture own = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 50);
        assertThat(mvc.perform(get("/api/v1/customers/export").param("format", "csv").param("name", own.tag)
                .header("Authorization", own.requesterToken)).andReturn().getResponse().getStatus()).isEqualTo(200);
        own.customer(own.requesterToken, 50);

        for (MvcResult refused : List.of(
                mvc.perform(get("/api/v1/customers/export").param("format", "csv").param("name", own.tag)
                        .header("Authorization", own.requesterToken)).andReturn(),
                mvc.perform(get("/api/v1/customers/export").param("format", "xlsx")
                        .header("Authorization", own.requesterToken)).andReturn(),
                // Paging parameters are not the export's: the whole file counts.
                mvc.perform(get("/api/v1/customers/export").param("format", "csv").param("page", "0")
                        .param("size", "20").header("Authorization", own.requesterToken)).andReturn(),
                mvc.perform(post("/api/v1/customers/export").contentType(MediaType.APPLICATION_JSON)
                        .content(Api.json(Map.of("format", "xlsx", "name", own.tag)))
                        .header("Authorization", own.requesterToken)).andReturn())) {
            assertThat(refused.getResponse().getStatus()).isEqualTo(409);
            assertThat(Api.body(refused)).containsEntry("code", "export-needs-approval").containsEntry("threshold", 50)
                    .containsEntry("count", 51).containsEntry("requestPage", "/sharing/exports/new");
            assertThat((String) Api.body(refused).get("detail")).contains("50", "51");
        }
        // The head of the department sees the same customers, and more: no way round it either.
        assertThat(mvc.perform(get("/api/v1/customers/export").param("format", "csv")
                .header("Authorization", own.headToken)).andReturn().getResponse().getStatus()).isEqualTo(409);

        MockHttpSession session = Pages.signIn(mvc, own.requester, clock.instant());
        MvcResult page = mvc.perform(post("/customers/export").param("format", "csv").param("name", own.tag)
                .session(session).with(csrf()).header(HttpHeaders.ACCEPT_LANGUAGE, "en")).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(409);
        assertThat(page.getResponse().getContentAsString()).contains("at most 50 customers; this one would hold 51")
                .contains("href=\"/sharing/exports/new\"").doesNotContain("export-needs-approval");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.records.exported' "
                + "and outcome = 'DENIED' and actor_name = ?").param(own.requester.username()).query(Long.class)
                .single()).isEqualTo(5);

        // The same 51 go out as a package.
        assertThat(own.request(own.requesterToken).getResponse().getStatus()).isEqualTo(201);
    }

    @Test
    void approvedPackagesCannotBeDecidedAgainOrWithdrawn() throws Exception {
        UUID id = f.requested(f.requesterToken);
        assertThat(Api.body(f.decide(f.headToken, id, "APPROVE", "Fine"))).containsEntry("state", "APPROVED");
        assertIllegal(f.decide(f.headToken, id, "APPROVE", null));
        assertIllegal(f.decide(f.headToken, id, "REFUSE", "Changed my mind"));
        assertIllegal(f.withdraw(f.requesterToken, id));
        assertThat(state(id)).isEqualTo("APPROVED");
    }

    @Test
    void refusedPackagesNeedAReasonAndThenNeitherMoveNorGiveAFile() throws Exception {
        UUID id = f.requested(f.requesterToken);
        MvcResult noReason = f.decide(f.headToken, id, "REFUSE", " ");
        assertThat(noReason.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(noReason)).containsEntry("code", "export-reason-required");
        assertThat(Api.body(f.decide(f.headToken, id, "REFUSE", "Too broad"))).containsEntry("state", "REFUSED")
                .containsEntry("decisionReason", "Too broad");
        assertIllegal(f.decide(f.headToken, id, "APPROVE", null));
        assertIllegal(f.decide(f.headToken, id, "REFUSE", "again"));
        assertIllegal(f.withdraw(f.requesterToken, id));
        MvcResult file = f.file(f.requesterToken, id);
        assertThat(file.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(file)).containsEntry("code", "export-package-not-approved");
        assertThat(f.password(f.requesterToken, id).getResponse().getStatus()).isEqualTo(409);
    }

    @Test
    void withdrawnPackagesAreWithdrawnByTheRequesterOnlyAndThenNeitherMoveNorGiveAFile() throws Exception {
        UUID id = f.requested(f.requesterToken);
        MvcResult byHead = f.withdraw(f.headToken, id);
        assertThat(byHead.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(byHead)).containsEntry("code", "export-not-requester");
        assertThat(f.withdraw(f.colleagueToken, id).getResponse().getStatus()).isEqualTo(404);
        assertThat(Api.body(f.withdraw(f.requesterToken, id))).containsEntry("state", "WITHDRAWN");
        assertIllegal(f.decide(f.headToken, id, "APPROVE", null));
        assertIllegal(f.decide(f.headToken, id, "REFUSE", "late"));
        assertIllegal(f.withdraw(f.requesterToken, id));
        assertThat(f.file(f.requesterToken, id).getResponse().getStatus()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from export_download where package_id = ?").param(id).query(Long.class)
                .single()).isZero();
    }

    @Test
    void nobodyApprovesTheirOwnPackageAndOnlyTheHeadOrForTheHeadManagementDecides() throws Exception {
        UUID id = f.requested(f.requesterToken);
        MvcResult own = f.decide(f.requesterToken, id, "APPROVE", null);
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(own)).containsEntry("code", "export-self-approval");
        // A colleague, the head of another department and management do not decide an employee's package,
        // and do not even learn that it exists.
        for (String token : List.of(f.colleagueToken, f.outsiderToken, f.managerToken, f.securityToken)) {
            assertThat(f.decide(token, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(404);
            assertThat(mvc.perform(get("/api/v1/sharing/exports/" + id).header("Authorization", token)).andReturn()
                    .getResponse().getStatus()).isEqualTo(404);
        }
        assertThat(state(id)).isEqualTo("PENDING");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.export.approved' and outcome = "
                + "'DENIED' and target_id = ?").param(id.toString()).query(Long.class).single()).isEqualTo(1);

        // The head's own package goes to management, never to the head himself.
        f.customer(f.headToken, 900);
        UUID heads = f.requested(f.headToken);
        assertThat(f.decide(f.headToken, heads, "APPROVE", null).getResponse().getStatus()).isEqualTo(403);
        assertThat(f.decide(f.requesterToken, heads, "APPROVE", null).getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/api/v1/sharing/exports/to-decide").header("Authorization", f.managerToken))
                .andReturn().getResponse().getContentAsString()).contains(heads.toString()).doesNotContain(id.toString());
        assertThat(mvc.perform(get("/api/v1/sharing/exports/to-decide").header("Authorization", f.headToken))
                .andReturn().getResponse().getContentAsString()).contains(id.toString()).doesNotContain(heads.toString());
        assertThat(Api.body(f.decide(f.managerToken, heads, "APPROVE", null))).containsEntry("state", "APPROVED");
    }

    @Test
    void theFileOpensOnlyWithItsPasswordAndItsWatermarkNamesTheDownload(CapturedOutput output) throws Exception {
        UUID id = f.approved();
        // Approvers, colleagues and outsiders never get the file, nor its password.
        for (String token : List.of(f.headToken, f.colleagueToken, f.outsiderToken, f.managerToken)) {
            assertThat(f.file(token, id).getResponse().getStatus()).isEqualTo(404);
            assertThat(f.password(token, id).getResponse().getStatus()).isEqualTo(404);
        }
        assertThat(f.password(f.requesterToken, id).getResponse().getStatus()).as("before any download").isEqualTo(409);

        MvcResult file = f.file(f.requesterToken, id);
        assertThat(file.getResponse().getStatus()).isEqualTo(200);
        assertThat(file.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
        assertThat(file.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .matches("attachment; filename=\"export-package-\\d{8}T\\d{6}Z\\.xlsx\"");
        byte[] bytes = file.getResponse().getContentAsByteArray();

        MvcResult shown = f.password(f.requesterToken, id);
        assertThat(shown.getResponse().getStatus()).isEqualTo(200);
        assertThat(shown.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
        String password = (String) Api.body(shown).get("password");
        assertThat(password).hasSize(20);
        MvcResult replay = f.password(f.requesterToken, id);
        assertThat(replay.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(replay)).containsEntry("code", "export-password-unavailable");

        assertThatThrownBy(() -> WorkbookFactory.create(new ByteArrayInputStream(bytes)))
                .isInstanceOf(EncryptedDocumentException.class);
        assertThatThrownBy(() -> WorkbookFactory.create(new ByteArrayInputStream(bytes), "wrong-" + password))
                .isInstanceOf(EncryptedDocumentException.class);
        String code;
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes), password)) {
            XSSFWorkbook xssf = (XSSFWorkbook) workbook;
            POIXMLProperties.CustomProperties custom = xssf.getProperties().getCustomProperties();
            code = custom.getProperty("CustosWatermark").getLpwstr();
            assertThat(code).matches("W[0-9A-F]{24}");
            assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
            Sheet sheet = workbook.getSheetAt(0);
            int hidden = 3;
            assertThat(sheet.isColumnHidden(hidden)).isTrue();
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).contains(f.requester.username(), f.tag,
                    "Package " + id);
            assertThat(sheet.getHeader().getCenter()).contains(f.requester.username(), "Package " + id);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Company name");
            assertThat(sheet.getLastRowNum()).isEqualTo(61);
            for (Row row : sheet) {
                assertThat(row.getCell(hidden).getStringCellValue()).isEqualTo(code);
            }
            List<String> phones = new java.util.ArrayList<>();
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                phones.add(sheet.getRow(r).getCell(2).getStringCellValue());
            }
            // The owner may reveal phones for after-sales service: the file holds them in clear (a leading
            // plus is guarded against formulas, as in every export).
            assertThat(phones).hasSize(60).allMatch(p -> p.matches("'\\+86 139 1234 50[0-5]\\d"), "phones in clear");
            XSSFSheet backing = (XSSFSheet) sheet;
            assertThat(backing.getDrawingPatriarch().getShapes()).isNotEmpty()
                    .allSatisfy(s -> assertThat(((XSSFSimpleShape) s).getText()).contains(f.requester.username()));
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.field.revealed' "
                + "and actor_name = ? and purpose = 'AFTER_SALES' and details like ?").params(f.requester.username(),
                        "%" + id + "%").query(Long.class).single()).isEqualTo(60);

        // The code found in a copy names the download: for security, audit and the administration only.
        MvcResult trace = mvc.perform(get("/api/v1/sharing/watermarks/" + code).header("Authorization",
                f.securityToken)).andReturn();
        assertThat(trace.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(trace)).containsEntry("packageId", id.toString())
                .containsEntry("downloadedByUsername", f.requester.username()).containsEntry("rows", 60)
                .containsEntry("downloadId", jdbc.sql("select id from export_download where code = ?").param(code)
                        .query(UUID.class).single().toString());
        for (String token : List.of(f.requesterToken, f.headToken, f.managerToken)) {
            assertThat(mvc.perform(get("/api/v1/sharing/watermarks/" + code).header("Authorization", token))
                    .andReturn().getResponse().getStatus()).isEqualTo(403);
        }
        assertThat(mvc.perform(get("/api/v1/sharing/watermarks/W000000000000000000000000").header("Authorization",
                f.securityToken)).andReturn().getResponse().getStatus()).isEqualTo(404);

        // A second download is a new file: another code, another password.
        MvcResult again = f.file(f.requesterToken, id);
        String second = (String) Api.body(f.password(f.requesterToken, id)).get("password");
        assertThat(second).isNotEqualTo(password);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(again.getResponse()
                .getContentAsByteArray()), second)) {
            assertThat(((XSSFWorkbook) workbook).getProperties().getCustomProperties().getProperty("CustosWatermark")
                    .getLpwstr()).isNotEqualTo(code);
        }
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.export.downloaded' "
                + "and outcome = 'ALLOWED' and target_id = ?").param(id.toString()).query(Long.class).single())
                .isEqualTo(2);
        // Each attempt by someone else is on record, refused.
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.export.downloaded' "
                + "and outcome = 'DENIED' and target_id = ?").param(id.toString()).query(Long.class).single())
                .isEqualTo(4);

        // Neither password is in a log line, an audit event or an address.
        assertThat(output.getAll()).doesNotContain(password).doesNotContain(second);
        assertThat(jdbc.sql("select count(*) from audit_event where details like ? or details like ?")
                .params("%" + password + "%", "%" + second + "%").query(Long.class).single()).isZero();
        assertThat(file.getResponse().getHeaderNames()).doesNotContain(HttpHeaders.LOCATION);
    }

    @Test
    void theCustomersAreThoseFoundWhenRequestedNotThoseAddedAfterwards() throws Exception {
        ExportPackageFixture own = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 51);
        UUID id = own.requested(own.requesterToken);
        own.customer(own.requesterToken, 77);
        assertThat(own.decide(own.headToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(200);
        own.customer(own.requesterToken, 78);
        MvcResult file = own.file(own.requesterToken, id);
        String password = (String) Api.body(own.password(own.requesterToken, id)).get("password");
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.getResponse()
                .getContentAsByteArray()), password)) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum() - 1).isEqualTo(51);
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                assertThat(sheet.getRow(r).getCell(0).getStringCellValue()).isNotIn(own.tag + " 077", own.tag + " 078");
            }
        }
        // There is no way to change a package's customers, fields or purpose once requested.
        for (String method : List.of("PUT", "PATCH")) {
            assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                    .request(org.springframework.http.HttpMethod.valueOf(method), "/api/v1/sharing/exports/" + id)
                    .header("Authorization", own.requesterToken).contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("name", "")))).andReturn().getResponse().getStatus()).isEqualTo(405);
        }
    }

    private void assertIllegal(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(409);
        assertThat(Api.body(result)).containsEntry("code", "export-package-state");
    }

    private String state(UUID id) {
        return jdbc.sql("select state from export_package where id = ?").param(id).query(String.class).single();
    }
}
