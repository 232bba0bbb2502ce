package io.custos.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Export packages under a sharing grant (issue 15.5, R-USE-4): the recipient requests, the head of
 * the department that requested the grant approves, the file holds the granted fields; when the
 * grant ends the downloader is asked to confirm destruction, and seven days later an unconfirmed
 * request is recorded as lapsed.
 */
@IntegrationTest
class ExportUnderGrantTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired ExportPackages packages;

    ExportPackageFixture f;
    String grant;

    @BeforeEach
    void aGrantOfThreeCustomersToTheOutsidersDepartment() throws Exception {
        f = new ExportPackageFixture(mvc, jdbc, accounts, documents, clock, 3);
        Gate.pass(documents, accounts, clock.instant(), f.outsider, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        List<String> customers = jdbc.sql("select v.customer_id from customer_value v where v.field_key = "
                + "'companyName' and v.plain_value like ?").param(f.tag + " %").query(String.class).list();
        assertThat(customers).hasSize(3);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipientType", "DEPARTMENT");
        body.put("recipientId", jdbc.sql("select department_id from employee where id = ?").param(f.outsider.id())
                .query(UUID.class).single().toString());
        body.put("purpose", "DELIVERY");
        body.put("customerIds", customers);
        body.put("fields", List.of("contactName", "phone", "address"));
        body.put("until", clock.instant().plus(Duration.ofDays(30)).toString());
        body.put("justification", "Deliveries this month.");
        MvcResult submitted = mvc.perform(post("/api/v1/sharing/requests").header("Authorization", f.requesterToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body))).andReturn();
        assertThat(submitted.getResponse().getStatus()).as(submitted.getResponse().getContentAsString()).isEqualTo(201);
        MvcResult approved = mvc.perform(post("/api/v1/sharing/requests/" + Api.body(submitted).get("id")
                + "/decisions").header("Authorization", f.headToken).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("decision", "APPROVE")))).andReturn();
        assertThat(approved.getResponse().getStatus()).as(approved.getResponse().getContentAsString()).isEqualTo(200);
        grant = (String) Api.body(approved).get("grantId");
        // The grant starts at the approval's instant, stored to the microsecond (rounded by the database):
        // a clock that has not moved on since may read as just before it.
        clock.advance(Duration.ofSeconds(1));
    }

    private UUID approvedPackage() throws Exception {
        MvcResult outside = mvc.perform(post("/api/v1/sharing/exports").header("Authorization", f.outsiderToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("grantId", grant, "fields",
                        List.of("contactName", "companyName"), "justification", "For the carrier")))).andReturn();
        assertThat(outside.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(outside)).containsEntry("code", "export-fields-outside-grant")
                .containsEntry("fields", List.of("companyName"));
        // Someone who does not receive the grant cannot even name it.
        MvcResult stranger = mvc.perform(post("/api/v1/sharing/exports").header("Authorization", f.colleagueToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("grantId", grant, "fields",
                        List.of("contactName"), "justification", "x")))).andReturn();
        assertThat(stranger.getResponse().getStatus()).isEqualTo(404);

        MvcResult requested = mvc.perform(post("/api/v1/sharing/exports").header("Authorization", f.outsiderToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("grantId", grant, "fields",
                        List.of("contactName", "phone"), "justification", "For the carrier")))).andReturn();
        assertThat(requested.getResponse().getStatus()).as(requested.getResponse().getContentAsString()).isEqualTo(201);
        UUID id = UUID.fromString((String) Api.body(requested).get("id"));
        assertThat(Api.body(requested)).containsEntry("grantId", grant).containsEntry("purpose", "DELIVERY")
                .containsEntry("customerCount", 3);
        // The recipient heads his own department, but the grant's department decides.
        assertThat(f.decide(f.outsiderToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(403);
        assertThat(f.decide(f.headToken, id, "APPROVE", null).getResponse().getStatus()).isEqualTo(200);
        return id;
    }

    @Test
    void theRecipientDownloadsTheGrantedFieldsAndConfirmsDestructionWhenTheGrantIsRevoked() throws Exception {
        UUID id = approvedPackage();
        // Neither the grant's requester nor its approver gets the recipient's file.
        assertThat(f.file(f.requesterToken, id).getResponse().getStatus()).isEqualTo(404);
        assertThat(f.file(f.headToken, id).getResponse().getStatus()).isEqualTo(404);
        MvcResult file = f.file(f.outsiderToken, id);
        assertThat(file.getResponse().getStatus()).as(file.getResponse().getContentAsString()).isEqualTo(200);
        String password = (String) Api.body(f.password(f.outsiderToken, id)).get("password");
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.getResponse()
                .getContentAsByteArray()), password)) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(4);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).contains("Grant " + grant,
                    f.outsider.username());
            for (int r = 2; r <= 4; r++) {
                assertThat(sheet.getRow(r).getCell(0).getStringCellValue()).startsWith("王");
                assertThat(sheet.getRow(r).getCell(1).getStringCellValue()).matches("'\\+86 139 1234 500\\d");
            }
        }

        // The ledger of each customer, and the grant's totals, count the file (issue 15.6).
        String shared = jdbc.sql("select customer_id from sharing_grant_customer where grant_id = ? "
                + "fetch first 1 rows only").param(UUID.fromString(grant)).query(String.class).single();
        List<Map<String, Object>> ledger = Api.JSON.readValue(mvc.perform(get("/api/v1/customers/" + shared
                + "/sharing").header("Authorization", f.requesterToken)).andReturn().getResponse()
                .getContentAsString(), List.class);
        assertThat(ledger).singleElement().satisfies(e -> assertThat(e).containsEntry("downloads", 1));
        assertThat(Api.body(mvc.perform(get("/api/v1/sharing/grants/" + grant).header("Authorization", f.headToken))
                .andReturn())).containsEntry("downloads", 1).containsEntry("customers", 3);

        assertThat(mvc.perform(delete("/api/v1/sharing/grants/" + grant).header("Authorization", f.headToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", "Orders delivered"))))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        UUID destruction = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select id from export_destruction where package_id = ?").param(id).query(UUID.class).optional()
                .orElse(null), d -> d != null);
        assertThat(f.file(f.outsiderToken, id).getResponse().getStatus()).isEqualTo(409);

        MockHttpSession session = Pages.signIn(mvc, f.outsider, clock.instant());
        assertThat(mvc.perform(get("/").session(session).header("Accept-Language", "en")).andReturn().getResponse()
                .getContentAsString()).contains("confirm by").contains("/sharing/exports/" + id);
        assertThat(mvc.perform(post("/api/v1/sharing/exports/destructions/" + destruction + "/confirmation")
                .header("Authorization", f.requesterToken)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post("/api/v1/sharing/exports/destructions/" + destruction + "/confirmation")
                .header("Authorization", f.outsiderToken)).andReturn().getResponse().getStatus()).isEqualTo(204);
        assertThat(mvc.perform(post("/api/v1/sharing/exports/destructions/" + destruction + "/confirmation")
                .header("Authorization", f.outsiderToken)).andReturn().getResponse().getStatus()).isEqualTo(409);

        clock.advance(Duration.ofDays(8));
        packages.lapseOverdueDestructions();
        assertThat(jdbc.sql("select lapsed_at from export_destruction where id = ?").param(destruction)
                .query(java.time.OffsetDateTime.class).optional()).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.export.destruction-confirmed' "
                + "and target_id = ?").param(id.toString()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from export_destruction where id = ? and confirmed_at is not null")
                .param(destruction).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aDestructionNotConfirmedWithinSevenDaysIsRecordedAsLapsedAndShownOnThePackage() throws Exception {
        UUID id = approvedPackage();
        assertThat(f.file(f.outsiderToken, id).getResponse().getStatus()).isEqualTo(200);
        // The ledger of each customer, and the grant's totals, count the file (issue 15.6).
        String shared = jdbc.sql("select customer_id from sharing_grant_customer where grant_id = ? "
                + "fetch first 1 rows only").param(UUID.fromString(grant)).query(String.class).single();
        List<Map<String, Object>> ledger = Api.JSON.readValue(mvc.perform(get("/api/v1/customers/" + shared
                + "/sharing").header("Authorization", f.requesterToken)).andReturn().getResponse()
                .getContentAsString(), List.class);
        assertThat(ledger).singleElement().satisfies(e -> assertThat(e).containsEntry("downloads", 1));
        assertThat(Api.body(mvc.perform(get("/api/v1/sharing/grants/" + grant).header("Authorization", f.headToken))
                .andReturn())).containsEntry("downloads", 1).containsEntry("customers", 3);

        assertThat(mvc.perform(delete("/api/v1/sharing/grants/" + grant).header("Authorization", f.headToken)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("reason", "Contract ended"))))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        UUID destruction = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select id from export_destruction where package_id = ?").param(id).query(UUID.class).optional()
                .orElse(null), d -> d != null);

        clock.advance(Duration.ofDays(6));
        packages.lapseOverdueDestructions();
        assertThat(jdbc.sql("select count(*) from export_destruction where id = ? and lapsed_at is null")
                .param(destruction).query(Long.class).single()).isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        packages.lapseOverdueDestructions();
        packages.lapseOverdueDestructions();
        assertThat(jdbc.sql("select count(*) from export_destruction where id = ? and lapsed_at is not null "
                + "and confirmed_at is null").param(destruction).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'sharing.export.destruction-lapsed' "
                + "and target_id = ?").param(id.toString()).query(Long.class).single()).isEqualTo(1);

        MockHttpSession session = Pages.signIn(mvc, f.head, clock.instant());
        String page = mvc.perform(get("/sharing/exports/" + id).session(session).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Not confirmed in time");
    }
}
