package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.shared.Actor;
import io.custos.support.Api;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * R-AUD-1: auditors search and export the log through the API; security administrators see security
 * events only; nobody else gets in; every search and export is an audit event of its own, and when
 * that event cannot be stored nothing is returned (R-AUD-3).
 */
@AuditIntegrationTest
class AuditSearchTests {

    /** Put into bad parameters; a problem body must never echo it. */
    static final String MARKER = "Zq9MARKER";

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;

    SeededEvents events;
    TestAccounts.Account auditor;
    String auditorToken;

    @BeforeEach
    void seedEventsAndSignInAnAuditor() throws Exception {
        events = new SeededEvents(context);
        auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        auditorToken = Api.token(mvc, auditor, clock.instant());
    }

    @Test
    void findsEventsByEachFilterNewestFirst() throws Exception {
        String all = events.root + ".";
        assertThat(actions(search("action", all))).containsExactly(events.action(4), events.action(3),
                events.action(2), events.action(1));
        assertThat(actions(search("action", events.action(3)))).containsExactly(events.action(3));
        assertThat(actions(search("action", events.root + ".customer."))).containsExactly(events.action(4),
                events.action(3));
        assertThat(actions(search("actor", events.alice.name().toUpperCase()))).as("the name ignoring case")
                .containsExactly(events.action(2), events.action(1));
        assertThat(actions(search("actorId", events.bob.id().toString()))).containsExactly(events.action(4),
                events.action(3));
        assertThat(actions(search("action", all, "targetType", "customer"))).containsExactly(events.action(4),
                events.action(3));
        assertThat(actions(search("targetId", events.employeeOne.toString()))).containsExactly(events.action(1));
        assertThat(actions(search("action", all, "outcome", "DENIED"))).containsExactly(events.action(3));
        assertThat(actions(search("action", all, "category", "ADMINISTRATION"))).containsExactly(events.action(2));
        assertThat(actions(search("action", all, "from", events.at(2).toString(), "to", events.at(4).toString())))
                .as("from included, to excluded").containsExactly(events.action(3), events.action(2));
        assertThat(actions(search("action", all, "outcome", "ALLOWED", "category", "DATA"))).isEmpty();
    }

    @Test
    void answersEachEventWithItsFieldsAndDetails() throws Exception {
        Map<String, Object> body = search("action", events.action(3));
        assertThat(body).containsEntry("page", 0).containsEntry("size", 50).containsEntry("hasMore", false);
        Map<String, Object> event = items(body).get(0);
        assertThat(event).containsEntry("category", "DATA").containsEntry("outcome", "DENIED")
                .containsEntry("actorType", "EMPLOYEE").containsEntry("actorId", events.bob.id().toString())
                .containsEntry("actorName", events.bob.name()).containsEntry("targetType", "customer")
                .containsEntry("targetId", events.customer).containsEntry("purpose", "SALES_FOLLOW_UP")
                .containsEntry("chain", "node-1").containsEntry("details", Map.of("reason", "no-consent"));
        assertThat(Instant.parse((String) event.get("at"))).isEqualTo(events.at(3));
        assertThat(UUID.fromString((String) event.get("eventId"))).isNotNull();
        assertThat(event).containsKey("seq");
    }

    @Test
    void securityAdministratorsSeeSecurityEventsOnly() throws Exception {
        TestAccounts.Account securityAdmin = accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        String token = Api.token(mvc, securityAdmin, clock.instant());
        assertThat(actions(searchAs(token, "action", events.root + "."))).containsExactly(events.action(1));
        assertThat(actions(searchAs(token, "action", events.root + ".", "category", "DATA")))
                .as("another category finds nothing; it is not an error").isEmpty();
        assertThat(actions(searchAs(token, "actorId", events.bob.id().toString()))).isEmpty();

        MvcResult export = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", token)
                .param("format", "csv").param("action", events.root + ".")).andReturn();
        assertThat(export.getResponse().getStatus()).isEqualTo(200);
        assertThat(csv(export)).extracting(r -> r.get("action")).containsExactly(events.action(1));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"EMPLOYEE", "DEPT_HEAD", "SYSTEM_ADMIN", "MANAGEMENT"})
    void everybodyElseIsRefused(Role role) throws Exception {
        TestAccounts.Account someone = accounts.create(clock.instant(), Set.of(role),
                Role.requiresSecondFactor(Set.of(role)) ? TestAccounts.newSecret() : null, false);
        String token = Api.token(mvc, someone, clock.instant());
        for (MockHttpServletRequestBuilder request : List.of(
                get("/api/v1/audit/events").param("action", events.root + "."),
                get("/api/v1/audit/events/export").param("format", "csv").param("action", events.root + "."))) {
            MvcResult result = mvc.perform(request.header("Authorization", token)).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(403);
            assertThat(Api.body(result)).containsEntry("code", "forbidden").doesNotContainKey("items");
            assertThat(result.getResponse().getContentAsString()).doesNotContain(events.root);
        }
        assertThat(mvc.perform(get("/api/v1/audit/events")).andReturn().getResponse().getStatus())
                .as("without a token").isEqualTo(401);
    }

    @Test
    void pagesThroughTheResults() throws Exception {
        Map<String, Object> first = search("action", events.root + ".", "size", "3");
        assertThat(actions(first)).containsExactly(events.action(4), events.action(3), events.action(2));
        assertThat(first).containsEntry("page", 0).containsEntry("size", 3).containsEntry("hasMore", true);
        Map<String, Object> second = search("action", events.root + ".", "size", "3", "page", "1");
        assertThat(actions(second)).containsExactly(events.action(1));
        assertThat(second).containsEntry("page", 1).containsEntry("hasMore", false);
        assertThat(actions(search("action", events.root + ".", "size", "3", "page", "2"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "outcome=Zq9MARKER                                        | 400 | wrong-type           | outcome",
            "category=Zq9MARKER                                       | 400 | wrong-type           | category",
            "from=Zq9MARKER                                           | 400 | wrong-type           | from",
            "to=2026-13-45T00:00:00Zq9MARKER                          | 400 | wrong-type           | to",
            "actorId=Zq9MARKER                                        | 400 | wrong-type           | actorId",
            "size=Zq9MARKER                                           | 400 | wrong-type           | size",
            "page=Zq9MARKER                                           | 400 | wrong-type           | page",
            "size=201                                                 | 422 | audit-filter-invalid | size",
            "size=0                                                   | 422 | audit-filter-invalid | size",
            "page=-1                                                  | 422 | audit-filter-invalid | page",
            // Issue 13.12: an offset past what an int holds is refused, not a 500.
            "page=2147483647                                          | 422 | audit-filter-invalid | page",
            "page=10737419&size=200                                   | 422 | audit-filter-invalid | page",
            "page=2147483648                                          | 400 | wrong-type           | page",
            "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z        | 422 | audit-filter-invalid | to",
            "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z        | 422 | audit-filter-invalid | to",
            "action=Zq9MARKER!                                        | 422 | audit-filter-invalid | action",
            "action=Zq9MARKER..x                                      | 422 | audit-filter-invalid | action"})
    void badSearchParametersGetProblemDetails(String query, int status, String code, String field) throws Exception {
        assertProblem(mvc.perform(withQuery(get("/api/v1/audit/events"), query).header("Authorization", auditorToken))
                .andReturn(), status, code, field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "format=Zq9MARKER                      | 400 | wrong-type           | format",
            "action=x.                             | 400 | wrong-type           | format",
            "format=csv&outcome=Zq9MARKER          | 400 | wrong-type           | outcome",
            "format=xlsx&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z | 422 | audit-filter-invalid | to"})
    void badExportParametersGetProblemDetails(String query, int status, String code, String field) throws Exception {
        assertProblem(mvc.perform(withQuery(get("/api/v1/audit/events/export"), query)
                .header("Authorization", auditorToken)).andReturn(), status, code, field);
    }

    @Test
    void exportsCsvWithByteOrderMarkHeaderAndTheFilteredEvents() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                .param("format", "csv").param("action", events.root + ".customer.")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("text/csv");
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .matches("attachment; filename=\"audit-events-\\d{8}T\\d{6}Z\\.csv\"");
        assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
        byte[] bytes = result.getResponse().getContentAsByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).as("UTF-8 byte order mark")
                .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);

        List<CSVRecord> rows = csv(result);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly("eventId", "chain", "seq", "at",
                "category", "action", "outcome", "actorType", "actorId", "actorName", "targetType", "targetId",
                "purpose", "clientAddress", "requestId", "details");
        CSVRecord newest = rows.get(0);
        assertThat(newest.get("action")).isEqualTo(events.action(4));
        assertThat(newest.get("category")).isEqualTo("DATA");
        assertThat(newest.get("outcome")).isEqualTo("FAILED");
        assertThat(newest.get("actorName")).isEqualTo(events.bob.name());
        assertThat(newest.get("actorId")).isEqualTo(events.bob.id().toString());
        assertThat(newest.get("targetId")).isEqualTo(events.customer);
        assertThat(Instant.parse(newest.get("at"))).isEqualTo(events.at(4));
        assertThat(Api.JSON.readValue(newest.get("details"), Map.class)).isEqualTo(Map.of("rows", 12));
        assertThat(rows.get(1).get("action")).isEqualTo(events.action(3));
    }

    @Test
    void exportsExcelWithTheFilteredEvents() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                .param("format", "xlsx").param("actor", events.alice.name())).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .matches("attachment; filename=\"audit-events-\\d{8}T\\d{6}Z\\.xlsx\"");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("action");
            Row newest = sheet.getRow(1);
            assertThat(newest.getCell(5).getStringCellValue()).isEqualTo(events.action(2));
            assertThat(newest.getCell(4).getStringCellValue()).isEqualTo("ADMINISTRATION");
            assertThat(newest.getCell(9).getStringCellValue()).isEqualTo(events.alice.name());
            assertThat(newest.getCell(15).getStringCellValue()).contains("roles").contains("status");
            assertThat(sheet.getRow(2).getCell(5).getStringCellValue()).isEqualTo(events.action(1));
        }
    }

    @Test
    void exportedCellsCannotRunAsFormulas() throws Exception {
        // Two actors of three events each at most, under the lowered export cap.
        for (List<String> names : List.of(List.of("=1+2", "+SUM(A1)", "plain"), List.of("-2+3", "@cmd"))) {
            UUID id = UUID.randomUUID();
            for (String name : names) {
                events.record(AuditEvent.of(AuditCategory.SECURITY, events.root + ".formula.tried", AuditOutcome.DENIED)
                        .actor(new Actor(Actor.ActorType.EMPLOYEE, id, name)).build());
            }
            // Newest first, as exported.
            List<String> guarded = new ArrayList<>();
            names.forEach(n -> guarded.add(0, n.equals("plain") ? n : "'" + n));

            MvcResult csv = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                    .param("format", "csv").param("actorId", id.toString())).andReturn();
            assertThat(csv(csv)).extracting(r -> r.get("actorName"))
                    .containsExactlyElementsOf(guarded);

            MvcResult xlsx = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                    .param("format", "xlsx").param("actorId", id.toString())).andReturn();
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getResponse().getContentAsByteArray()))) {
                Sheet sheet = workbook.getSheetAt(0);
                assertThat(sheet.getLastRowNum()).isEqualTo(names.size());
                for (int i = 1; i <= names.size(); i++) {
                    assertThat(sheet.getRow(i).getCell(9).getCellType()).isEqualTo(CellType.STRING);
                    assertThat(sheet.getRow(i).getCell(9).getStringCellValue())
                            .isEqualTo(guarded.get(i - 1));
                }
            }
        }
    }

    @Test
    void refusesAnExportLargerThanTheCap() throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                .param("format", "csv").param("action", events.root + ".")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
        assertThat(Api.body(result)).containsEntry("code", "audit-export-too-large")
                .containsEntry("limit", AuditIntegrationTest.EXPORT_CAP);
        assertThat((String) Api.body(result).get("detail")).contains(Integer.toString(AuditIntegrationTest.EXPORT_CAP));
        assertThat(recorded("audit.events.exported")).isEmpty();
    }

    @Test
    void searchesAndExportsAreAuditEventsThemselvesNamingFiltersButNotTheirValues() throws Exception {
        search("actor", events.alice.name(), "action", events.root + ".");
        List<Map<String, String>> searched = recorded("audit.events.searched");
        assertThat(searched).hasSize(1);
        assertThat(searched.get(0)).containsEntry("category", "SECURITY").containsEntry("outcome", "ALLOWED")
                .containsEntry("actor_name", auditor.username());
        assertThat(Api.JSON.readValue(searched.get(0).get("details"), Map.class))
                .isEqualTo(Map.of("results", 2, "page", 0, "filters", List.of("actor", "action")));

        mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken).param("format", "xlsx")
                .param("actorId", events.bob.id().toString()));
        List<Map<String, String>> exported = recorded("audit.events.exported");
        assertThat(exported).hasSize(1);
        assertThat(Api.JSON.readValue(exported.get(0).get("details"), Map.class))
                .isEqualTo(Map.of("format", "XLSX", "rows", 2, "filters", List.of("actorId")));
        for (Map<String, String> event : List.of(searched.get(0), exported.get(0))) {
            assertThat(event.get("details")).doesNotContain(events.root).doesNotContain(events.bob.id().toString());
        }
    }

    @Test
    void aSearchThatCannotBeRecordedReturnsNothing() throws Exception {
        block("audit.events.searched");
        try {
            MvcResult result = mvc.perform(get("/api/v1/audit/events").header("Authorization", auditorToken)
                    .param("action", events.root + ".")).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(503);
            assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(Api.body(result)).containsEntry("code", "audit-unavailable").doesNotContainKey("items");
            assertThat(result.getResponse().getContentAsString()).doesNotContain(events.root);
        } finally {
            unblock();
        }
        assertThat(recorded("audit.events.searched")).isEmpty();
    }

    @Test
    void anExportThatCannotBeRecordedSendsNothing() throws Exception {
        block("audit.events.exported");
        try {
            MvcResult result = mvc.perform(get("/api/v1/audit/events/export").header("Authorization", auditorToken)
                    .param("format", "csv").param("action", events.root + ".customer.")).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(503);
            assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
            assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).isNull();
            assertThat(Api.body(result)).containsEntry("code", "audit-unavailable");
            assertThat(result.getResponse().getContentAsString()).doesNotContain(events.root);
        } finally {
            unblock();
        }
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Makes the database refuse this test's auditor's events of one action, as a full or broken log would. */
    private void block(String action) {
        jdbc.sql("alter table audit_event add constraint block_audit_search check (action <> '" + action
                + "' or actor_id <> '" + auditor.id() + "')").update();
    }

    private void unblock() {
        jdbc.sql("alter table audit_event drop constraint block_audit_search").update();
    }

    private List<Map<String, String>> recorded(String action) {
        return jdbc.sql("select category, outcome, actor_name, details from audit_event where action = ? and actor_id = ?")
                .params(action, auditor.id())
                .query((rs, n) -> Map.of("category", rs.getString(1), "outcome", rs.getString(2),
                        "actor_name", rs.getString(3), "details", rs.getString(4)))
                .list();
    }

    private Map<String, Object> search(String... parameters) throws Exception {
        return searchAs(auditorToken, parameters);
    }

    private Map<String, Object> searchAs(String token, String... parameters) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/v1/audit/events").header("Authorization", token);
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return Api.body(result);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("items");
    }

    private static List<Object> actions(Map<String, Object> body) {
        return items(body).stream().map(item -> item.get("action")).toList();
    }

    static List<CSVRecord> csv(MvcResult result) throws Exception {
        String text = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1)))) {
            return parser.getRecords();
        }
    }

    private static MockHttpServletRequestBuilder withQuery(MockHttpServletRequestBuilder request, String query) {
        for (String pair : query.split("&")) {
            String[] nameValue = pair.split("=", 2);
            request.param(nameValue[0], nameValue[1]);
        }
        return request;
    }

    private static void assertProblem(MvcResult result, int status, String code, String field) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertThat(Api.body(result)).containsEntry("code", code).containsEntry("field", field)
                .doesNotContainKey("items");
        assertThat(result.getResponse().getContentAsString()).doesNotContain(MARKER);
    }
}
