package io.custos.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.retention.LegalHolds;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.ApiCalls;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.LogLines;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Risk reports and incidents (issue 20.3, 20.4): anonymity that stores no reporter, triage that is
 * never one's own, the notification clocks per severity and their reminders sent once, closing only
 * once every clock has stopped, the affected customers' legal holds, notices that name no customer,
 * and the report PDF.
 */
@IntegrationTest
class IncidentTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    private final ApiCalls api = new ApiCalls(() -> mvc, () -> clock);
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired LegalHolds holds;
    @Autowired IncidentEscalation escalation;
    @Autowired List<HomeTaskProvider> homeTasks;
    @Autowired io.custos.shared.MailOutbox mail;
    @Autowired RiskReports riskReports;

    TestAccounts.Account employee;
    TestAccounts.Account colleague;
    TestAccounts.Account head;
    TestAccounts.Account security;
    TestAccounts.Account security2;
    TestAccounts.Account management;
    TestAccounts.Account auditor;
    UUID customer;

    @BeforeEach
    void company() throws Exception {
        riskReports.forgetWrongCodes();
        clock.set(LocalDate.of(2031, 5, 6).atTime(9, 0).atZone(zone()).toInstant());
        Instant now = clock.instant();
        UUID department = accounts.customerDepartment("IN" + UUID.randomUUID().toString().substring(0, 6));
        employee = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        colleague = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        security = privileged(now, Role.SECURITY_ADMIN);
        security2 = privileged(now, Role.SECURITY_ADMIN);
        management = privileged(now, Role.MANAGEMENT);
        auditor = privileged(now, Role.AUDITOR);
        customer = RetentionFixture.customer(mvc, api.token(employee), "Incident Shipping Lines");
    }

    // ------------------------------------------------------------------ risk reports

    @Test
    void anAnonymousReportStoresNoReporterAndIsFollowedByItsCodeOnly() throws Exception {
        String address = "198.51.100." + (10 + new java.util.Random().nextInt(200));
        MvcResult sent;
        List<String> logged;
        try (LogLines lines = LogLines.all()) {
            sent = api.call(from(post("/api/v1/risk-reports"), address), employee, Map.of("category", "UNSAFE_PRACTICE",
                    "description", "A colleague leaves the customer list printed on the shared printer every evening.",
                    "anonymous", true));
            logged = lines.lines();
        }
        assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(201);
        Map<String, Object> body = Api.body(sent);
        String code = (String) body.get("followUpCode");
        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        UUID id = UUID.fromString((String) report(body).get("id"));
        // The report's audit record is made by nobody: no person, client address or request id.
        assertAnonymous(id, "incident.risk.reported", address);
        // Nor did the application log name the reporter while it took the report.
        assertThat(String.join("\n", logged)).doesNotContain(employee.id().toString(), employee.username(), address,
                code, "shared printer");
        // A named report, for contrast, keeps who made it, from where, in which request.
        UUID named = reportBy(from(post("/api/v1/risk-reports"), address), employee, false);
        Map<String, Object> namedEvent = event(named, "incident.risk.reported");
        assertThat(namedEvent.get("actor_id")).isEqualTo(employee.id().toString());
        assertThat(namedEvent.get("client_address")).isEqualTo(address);
        assertThat(namedEvent.get("request_id")).isNotNull();

        // No reporter id in the row, nor anywhere in the audit records of the report.
        Map<String, Object> row = jdbc.sql("select * from incident_risk_report where id = ?").param(id).query().singleRow();
        assertThat(row.get("REPORTER_ID") == null ? row.get("reporter_id") : row.get("REPORTER_ID")).isNull();
        assertThat(row.values().toString()).doesNotContain(employee.id().toString())
                .doesNotContain("shared printer").doesNotContain(code);
        assertThat(jdbc.sql("select count(*) from audit_event where target_id = ? and (actor_id is not null "
                + "or details like ?)").params(id.toString(), "%" + employee.id() + "%").query(Long.class).single())
                .as("the audit names no reporter").isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%shared printer%'")
                .query(Long.class).single()).isZero();

        // Not in the reporter's own list (nothing ties it to them); IT security sees it, without a reporter.
        assertThat(ids(api.call(get("/api/v1/risk-reports"), employee, null))).doesNotContain(id.toString());
        MvcResult read = api.call(get("/api/v1/risk-reports/" + id), security, null);
        assertThat(read.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(read).get("reporterId")).isNull();
        assertThat(Api.body(read).get("description")).asString().contains("shared printer");

        // The department head and the reporter's colleague see nothing of it.
        assertThat(api.status(get("/api/v1/risk-reports/" + id), head)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/risk-reports/" + id), employee)).isEqualTo(404);

        // IT security answers; the code shows the answer to whoever holds it, and a wrong code nothing.
        assertThat(api.status(post("/api/v1/risk-reports/" + id + "/triage"), security, Map.of("decision", "FIXED",
                "answer", "The printer now releases jobs only with the owner's badge."))).isEqualTo(200);
        MvcResult followed = api.call(from(post("/api/v1/risk-reports/follow"), address), colleague,
                Map.of("code", code.toLowerCase(Locale.ROOT)));
        assertThat(followed.getResponse().getStatus()).isEqualTo(200);
        assertAnonymous(id, "incident.risk.followed", address);
        assertThat(Api.body(followed).get("status")).isEqualTo("FIXED");
        assertThat(Api.body(followed).get("answer")).asString().contains("owner's badge");
        assertThat(Api.body(followed).get("reporterId")).isNull();
        assertThat(api.status(post("/api/v1/risk-reports/follow"), employee, Map.of("code", "AAAA-BBBB-CCCC"))).isEqualTo(404);
    }

    @Test
    void wrongFollowUpCodesAreThrottledPerClient() throws Exception {
        MvcResult sent = api.call(post("/api/v1/risk-reports"), employee, Map.of("category", "LOST_DEVICE",
                "description", "My phone with the work mailbox was stolen on the metro.", "anonymous", true));
        String code = (String) Api.body(sent).get("followUpCode");
        String guesser = "203.0.113." + (10 + new java.util.Random().nextInt(200));
        String other = "203.0.113.250";
        for (int i = 0; i < 10; i++) {
            assertThat(api.status(from(post("/api/v1/risk-reports/follow"), guesser), colleague,
                    Map.of("code", "ZZZZ-ZZZZ-Z" + i + "ZZ"))).as("a wrong code is a plain 404").isEqualTo(404);
        }
        MvcResult held = api.call(from(post("/api/v1/risk-reports/follow"), guesser), employee, Map.of("code", code));
        assertThat(held.getResponse().getStatus()).as("after ten wrong codes even the right one waits").isEqualTo(429);
        assertThat(Api.body(held).get("code")).isEqualTo("risk-follow-throttled");
        assertThat(held.getResponse().getContentAsString()).doesNotContain(code);
        assertThat(api.status(from(post("/api/v1/risk-reports/follow"), other), employee, Map.of("code", code)))
                .as("another client is not held up").isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        assertThat(api.status(from(post("/api/v1/risk-reports/follow"), guesser), employee, Map.of("code", code)))
                .as("the period over, the client may try again").isEqualTo(200);
    }

    @Test
    void nobodyTriagesTheirOwnNamedReportAndAnAnonymousOneKeepsNothingOfItsReporter() throws Exception {
        UUID named = reportBy(security, false);
        assertThat(api.status(post("/api/v1/risk-reports/" + named + "/triage"), security,
                Map.of("decision", "DISMISSED", "answer", "Not a risk."))).isEqualTo(403);
        UUID anonymous = reportBy(security, true);
        // Nothing stored is computed from the reporter, so nothing can tell that security filed it.
        Map<String, Object> row = jdbc.sql("select * from incident_risk_report where id = ?").param(anonymous)
                .query().singleRow();
        assertThat(row.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)))
                .doesNotContain("reporter_mark").contains("reporter_id", "follow_code_hash");
        assertThat(row.values().stream().filter(v -> v != null).map(String::valueOf))
                .noneMatch(v -> v.contains(security.id().toString()));
        // The inherent cost of anonymity: its filer may triage it, under their own name in the audit log.
        assertThat(api.status(post("/api/v1/risk-reports/" + anonymous + "/triage"), security,
                Map.of("decision", "DISMISSED", "answer", "Not a risk."))).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'incident.risk.triaged' "
                + "and target_id = ? and actor_id = ?").params(anonymous.toString(), security.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(api.status(post("/api/v1/risk-reports/" + anonymous + "/triage"), security2,
                Map.of("decision", "FIXED", "answer", "Again."))).as("decided once").isEqualTo(409);
    }

    @Test
    void aReportAboutItSecurityIsDecidedByTheAuditorsAndManagementAndHiddenFromItSecurity() throws Exception {
        long securityWaiting = waiting(security);
        long auditorWaiting = waiting(auditor);
        MvcResult sent = api.call(post("/api/v1/risk-reports"), employee, Map.of("category", "UNSAFE_PRACTICE",
                "description", "An IT security engineer copies customer exports to a personal cloud drive.",
                "anonymous", true, "concernsSecurity", true));
        assertThat(sent.getResponse().getStatus()).isEqualTo(201);
        UUID id = UUID.fromString((String) report(Api.body(sent)).get("id"));
        UUID ordinary = reportBy(colleague, false);
        // IT security neither lists, reads nor decides it: as if it did not exist.
        assertThat(ids(api.call(get("/api/v1/risk-reports"), security, null))).contains(ordinary.toString())
                .doesNotContain(id.toString());
        assertThat(api.status(get("/api/v1/risk-reports/" + id), security)).isEqualTo(404);
        assertThat(api.status(post("/api/v1/risk-reports/" + id + "/triage"), security,
                Map.of("decision", "DISMISSED", "answer", "Nothing in it."))).isEqualTo(404);
        TestAccounts.Account both = accounts.create(clock.instant(), Set.of(Role.AUDITOR, Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, clock.instant(), both, EnumSet.of(Role.AUDITOR, Role.SECURITY_ADMIN));
        assertThat(api.status(get("/api/v1/risk-reports/" + id), both)).as("an auditor who is also IT security").isEqualTo(404);
        assertThat(waiting(security)).as("only the ordinary report waits for IT security").isEqualTo(securityWaiting + 1);
        assertThat(waiting(auditor)).as("the one about IT security waits for the auditors").isEqualTo(auditorWaiting + 1);
        // The auditors and management list, read and decide it; they do not see ordinary reports.
        assertThat(ids(api.call(get("/api/v1/risk-reports"), auditor, null))).contains(id.toString())
                .doesNotContain(ordinary.toString());
        assertThat(api.status(get("/api/v1/risk-reports/" + ordinary), auditor)).isEqualTo(404);
        MvcResult read = api.call(get("/api/v1/risk-reports/" + id), management, null);
        assertThat(read.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(read).get("description")).asString().contains("personal cloud drive");
        MvcResult raised = api.call(post("/api/v1/risk-reports/" + id + "/triage"), auditor, Map.of("decision", "RAISED",
                "answer", "Raised: the copies are being traced.", "severity", "RELATIVELY_SERIOUS"));
        assertThat(raised.getResponse().getStatus()).as(raised.getResponse().getContentAsString()).isEqualTo(200);
        UUID incident = UUID.fromString((String) Api.body(raised).get("incidentId"));
        assertThat(view(incident, security).get("riskReportId")).isEqualTo(id.toString());
        assertThat(api.status(post("/api/v1/risk-reports/" + ordinary + "/triage"), management,
                Map.of("decision", "DISMISSED", "answer", "Not ours."))).isEqualTo(404);
    }

    @Test
    void anEmployeeReadsOnlyTheirOwnReportAndNobodyButSecurityTriages() throws Exception {
        UUID mine = reportBy(employee, false);
        MvcResult own = api.call(get("/api/v1/risk-reports/" + mine), employee, null);
        assertThat(own.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(own).get("reporterId")).isEqualTo(employee.id().toString());
        assertThat(api.status(get("/api/v1/risk-reports/" + mine), colleague)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/risk-reports/" + mine), head)).as("not the department head either").isEqualTo(404);
        assertThat(api.status(get("/api/v1/risk-reports/" + mine), management)).isEqualTo(404);
        assertThat(ids(api.call(get("/api/v1/risk-reports"), colleague, null))).doesNotContain(mine.toString());
        assertThat(api.status(post("/api/v1/risk-reports/" + mine + "/triage"), employee,
                Map.of("decision", "DISMISSED", "answer", "Mine."))).isEqualTo(403);
        assertThat(api.status(post("/api/v1/risk-reports/" + mine + "/triage"), head,
                Map.of("decision", "DISMISSED", "answer", "Not mine."))).isEqualTo(404);
        // The words are encrypted at rest.
        assertThat(jdbc.sql("select description_cipher from incident_risk_report where id = ?").param(mine)
                .query(String.class).single()).doesNotContain("USB");
    }

    @Test
    void raisingAReportOpensAnIncidentWhoseClocksCountFromTheReport() throws Exception {
        UUID id = reportBy(employee, false);
        Instant reported = clock.instant();
        clock.advance(Duration.ofMinutes(30));
        MvcResult raised = api.call(post("/api/v1/risk-reports/" + id + "/triage"), security, Map.of("decision", "RAISED",
                "answer", "Opened as an incident.", "severity", "SERIOUS", "categories", List.of("CONTACT")));
        assertThat(raised.getResponse().getStatus()).as(raised.getResponse().getContentAsString()).isEqualTo(200);
        UUID incident = UUID.fromString((String) Api.body(raised).get("incidentId"));
        Map<String, Object> view = view(incident, security);
        assertThat(view.get("riskReportId")).isEqualTo(id.toString());
        assertThat(due(view, "REGULATOR_INITIAL")).isEqualTo(reported.plus(Duration.ofHours(1)));
        // The reporter reads the answer and the status, not the incident.
        MvcResult own = api.call(get("/api/v1/risk-reports/" + id), employee, null);
        assertThat(Api.body(own).get("status")).isEqualTo("RAISED");
        assertThat(api.status(get("/api/v1/incidents/" + incident), employee)).isEqualTo(404);
    }

    // ------------------------------------------------------------------ incidents

    @Test
    void eachSeverityHasItsClocksAndCustomersStartTheirs() throws Exception {
        Instant detected = clock.instant().minus(Duration.ofMinutes(10));
        Map<String, Object> serious = view(open("SERIOUS", detected, List.of()), security);
        assertThat(due(serious, "REGULATOR_INITIAL")).isEqualTo(detected.plus(Duration.ofHours(1)));
        assertThat(due(serious, "REGULATOR_DETAIL")).isEqualTo(detected.plus(Duration.ofHours(4)));
        assertThat(clocks(serious)).doesNotContainKey("CUSTOMERS");
        Map<String, Object> first = view(open("PARTICULARLY_SERIOUS", detected, List.of()), security);
        assertThat(due(first, "REGULATOR_INITIAL")).isEqualTo(detected.plus(Duration.ofHours(1)));
        Map<String, Object> third = view(open("RELATIVELY_SERIOUS", detected, List.of()), security);
        assertThat(due(third, "REGULATOR_INITIAL")).isEqualTo(detected.plus(Duration.ofHours(4)));
        assertThat(due(third, "REGULATOR_DETAIL")).isEqualTo(detected.plus(Duration.ofHours(24)));
        Map<String, Object> general = view(open("GENERAL", detected, List.of(customer)), security);
        assertThat(due(general, "REGULATOR_INITIAL")).isEqualTo(detected.plus(Duration.ofHours(24)));
        assertThat(clocks(general)).doesNotContainKey("REGULATOR_DETAIL");
        assertThat(due(general, "CUSTOMERS")).isEqualTo(detected.plus(Duration.ofHours(72)));
        assertThat(general.get("affectedCount")).isEqualTo(1);

        // Only IT security opens one; a detection in the future is refused.
        Map<String, Object> body = new LinkedHashMap<>(Map.of("severity", "GENERAL", "detectedAt", detected.toString(),
                "summary", "A test."));
        assertThat(api.status(post("/api/v1/incidents"), management, body)).isEqualTo(403);
        assertThat(api.status(post("/api/v1/incidents"), employee, body)).isEqualTo(403);
        body.put("detectedAt", clock.instant().plus(Duration.ofHours(1)).toString());
        assertThat(api.status(post("/api/v1/incidents"), security, body)).isEqualTo(422);
    }

    @Test
    void anEmptyElementInTheListsAnswersAProblemNotAServerError() throws Exception {
        List<Object> empty = java.util.Arrays.asList((Object) null);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("severity", "GENERAL", "detectedAt",
                clock.instant().toString(), "summary", "A test.", "categories", empty));
        MvcResult categories = api.call(post("/api/v1/incidents"), security, body);
        // The JSON reader refuses an empty data category itself (a set of categories holds no empty one).
        assertThat(categories.getResponse().getStatus()).as(categories.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(Api.body(categories).get("code")).isEqualTo("wrong-type");
        body.put("categories", List.of("CONTACT"));
        body.put("customers", empty);
        MvcResult customers = api.call(post("/api/v1/incidents"), security, body);
        assertThat(customers.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(customers).get("code")).isEqualTo("incident-customer-unknown");
        UUID report = reportBy(employee, false);
        MvcResult raised = api.call(post("/api/v1/risk-reports/" + report + "/triage"), security, Map.of("decision",
                "RAISED", "answer", "An incident.", "severity", "GENERAL", "categories", empty));
        assertThat(raised.getResponse().getStatus()).as(raised.getResponse().getContentAsString()).isEqualTo(400);
        assertThat(Api.body(raised).get("code")).isEqualTo("wrong-type");
        assertThat(api.status(get("/api/v1/risk-reports/" + report), employee)).isEqualTo(200);
        UUID id = open("GENERAL", clock.instant(), List.of());
        act(id, security, Map.of("action", "ADD_CUSTOMERS", "customers", empty), 422);
        // Whoever builds one in code gets the same answer, never a server error.
        Set<DataCategory> withEmpty = new java.util.HashSet<>();
        withEmpty.add(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new NewIncident(Severity.GENERAL, withEmpty,
                clock.instant(), "A test.", List.of(), null))
                .isInstanceOfSatisfying(io.custos.shared.DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("incident-category-invalid"));
    }

    @Test
    void remindersGoOnceWhenAClockIsNearAndOnceWhenOverdue() throws Exception {
        UUID id = open("SERIOUS", clock.instant(), List.of());
        clock.advance(Duration.ofMinutes(30));
        escalation.sweep();
        assertThat(escalations(id)).as("half the hour left: not yet near").isZero();
        assertThat(tasks(security)).anyMatch(t -> t.messageKey().equals("home.task.incident.clock.REGULATOR_INITIAL")
                && t.severity() == HomeTask.Severity.REMINDER);

        clock.advance(Duration.ofMinutes(20));
        long overdueBefore = overdueShownTo(management);
        escalation.sweep();
        escalation.sweep();
        assertThat(escalations(id)).as("near: once, however often the sweep runs").isEqualTo(1);
        assertThat(step(id)).containsExactly("REGULATOR_INITIAL:NEAR");

        clock.advance(Duration.ofMinutes(15));
        escalation.sweep();
        escalation.sweep();
        assertThat(step(id)).containsExactly("REGULATOR_INITIAL:NEAR", "REGULATOR_INITIAL:OVERDUE");
        assertThat(overdueShownTo(management)).as("management sees the overdue clock").isGreaterThan(overdueBefore);
        assertThat(tasks(employee)).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'incident.escalated' and target_id = ?")
                .param(id.toString()).query(Long.class).single()).isEqualTo(2);

        // Recording the notification stops the clock: no more reminders for it; the fuller report's clock goes on.
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL"), 200);
        clock.advance(Duration.ofHours(2));
        escalation.sweep();
        escalation.sweep();
        assertThat(step(id)).containsExactly("REGULATOR_INITIAL:NEAR", "REGULATOR_INITIAL:OVERDUE",
                "REGULATOR_DETAIL:NEAR");
        Map<String, Object> view = view(id, security);
        assertThat(Instant.parse((String) clocks(view).get("REGULATOR_INITIAL").get("stoppedAt")))
                .as("recorded late: missed").isAfter(due(view, "REGULATOR_INITIAL"));
    }

    private long waiting(TestAccounts.Account person) {
        return tasks(person).stream().filter(t -> t.messageKey().equals("home.task.incident.untriaged"))
                .mapToLong(t -> ((Number) t.args().get(0)).longValue()).sum();
    }

    private long overdueShownTo(TestAccounts.Account person) {
        return tasks(person).stream().filter(t -> t.messageKey().equals("home.task.incident.overdue"))
                .mapToLong(t -> ((Number) t.args().get(0)).longValue()).sum();
    }

    @Test
    void anIncidentClosesOnlyOnceEveryClockHasStoppedAndReleasesTheHolds() throws Exception {
        UUID id = open("SERIOUS", clock.instant(), List.of(customer));
        assertThat(holds.activeOn(List.of(customer))).as("held while open").hasSize(1);
        assertThat(api.status(post("/api/v1/incidents/" + id + "/actions"), security,
                Map.of("action", "CLOSE", "text", "Done."))).isEqualTo(409);
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "REGULATOR_INITIAL", "text", "Too small."), 422);
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_DETAIL"), 409);
        act(id, management, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL"), 403);
        act(id, auditor, Map.of("action", "NOTE", "text", "I was here."), 403);
        act(id, security, Map.of("action", "CONTAIN", "text", "Blocked the leaking account."), 200);
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL",
                "text", "Phoned the provincial office."), 200);
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL"), 409);
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_DETAIL"), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Done."), 409);
        act(id, security, Map.of("action", "CUSTOMERS_NOTIFIED", "text", "Letters sent."), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Account rules tightened."), 200);
        assertThat(holds.activeOn(List.of(customer))).as("released with the incident").isEmpty();
        Map<String, Object> closed = view(id, security);
        assertThat(closed.get("status")).isEqualTo("CLOSED");
        act(id, security, Map.of("action", "ADD_CUSTOMERS", "customers", List.of(customer)), 409);
        assertThat(jdbc.sql("select count(*) from audit_event where details like '%leaking account%' "
                + "or details like '%provincial%'").query(Long.class).single()).isZero();
    }

    @Test
    void customersAddedAfterTheNoticeGetAClockOfTheirOwnAndTheIncidentWaitsForIt() throws Exception {
        UUID id = open("GENERAL", clock.instant(), List.of(customer));
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "REGULATOR_INITIAL", "text", "Not required."), 200);
        clock.advance(Duration.ofHours(80));
        act(id, security, Map.of("action", "CUSTOMERS_NOTIFIED", "text", "Letters sent."), 200);
        clock.advance(Duration.ofHours(1));
        Instant added = clock.instant();
        UUID later = RetentionFixture.customer(mvc, api.token(employee), "Incident Later Freight");
        act(id, security, Map.of("action", "ADD_CUSTOMERS", "customers", List.of(later)), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Done."), 409);
        MvcResult refused = api.call(post("/api/v1/incidents/" + id + "/actions"), security,
                Map.of("action", "CLOSE", "text", "Done."));
        assertThat(Api.body(refused).get("code")).isEqualTo("incident-clock-running");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> customers = ((List<Map<String, Object>>) view(id, security).get("clocks")).stream()
                .filter(c -> "CUSTOMERS".equals(c.get("kind"))).toList();
        assertThat(customers).hasSize(2);
        assertThat(customers.get(0).get("stoppedAt")).as("the first batch keeps its outcome").isNotNull();
        assertThat(customers.get(1).get("batch")).isEqualTo(2);
        assertThat(Instant.parse((String) customers.get(1).get("startedAt"))).isEqualTo(added);
        assertThat(Instant.parse((String) customers.get(1).get("dueAt"))).isEqualTo(added.plus(Duration.ofHours(72)));
        // Told before they were added is not possible; then the incident closes.
        act(id, security, Map.of("action", "CUSTOMERS_NOTIFIED", "at", added.minus(Duration.ofMinutes(5)).toString(),
                "text", "Letters sent."), 422);
        act(id, security, Map.of("action", "CUSTOMERS_NOTIFIED", "text", "Letters sent to the later ones."), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Done."), 200);
        assertThat(holds.activeOn(List.of(customer, later))).isEmpty();
        String en = pdf(id, "en");
        assertThat(en).contains("Missed").contains("customers added later, batch 2");
    }

    @Test
    void aNotificationMadeBeforeItWasRecordedKeepsItsTimeAndTheAuditSaysSo() throws Exception {
        Instant detected = clock.instant();
        UUID id = open("SERIOUS", detected, List.of());
        clock.advance(Duration.ofMinutes(80));
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL", "text", "Phoned.",
                "at", clock.instant().plus(Duration.ofMinutes(1)).toString()), 422);
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL", "text", "Phoned.",
                "at", detected.minus(Duration.ofMinutes(1)).toString()), 422);
        // A time of its own needs the words how and to whom it was sent.
        MvcResult wordless = api.call(post("/api/v1/incidents/" + id + "/actions"), security, Map.of("action",
                "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL", "at", detected.plus(Duration.ofMinutes(45)).toString()));
        assertThat(wordless.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(wordless).get("code")).isEqualTo("incident-notified-how-required");
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_INITIAL",
                "at", detected.plus(Duration.ofMinutes(45)).toString(), "text", "Phoned the provincial duty officer."), 200);
        Map<String, Object> view = view(id, security);
        assertThat(Instant.parse((String) clocks(view).get("REGULATOR_INITIAL").get("stoppedAt")))
                .isEqualTo(detected.plus(Duration.ofMinutes(45)));
        assertThat(Instant.parse((String) clocks(view).get("REGULATOR_INITIAL").get("recordedAt")))
                .isEqualTo(clock.instant());
        assertThat(jdbc.sql("select details from audit_event where action = 'incident.notified' and target_id = ?")
                .param(id.toString()).query(String.class).single()).contains("minutesBeforeRecorded").contains("35")
                .contains("recordedLate");
        // The fuller report, back-dated a little but recorded in time: plainly met.
        clock.advance(Duration.ofMinutes(10));
        act(id, security, Map.of("action", "REGULATOR_NOTIFIED", "clock", "REGULATOR_DETAIL",
                "at", clock.instant().minus(Duration.ofMinutes(5)).toString(), "text", "E-mailed the written report."), 200);
        String en = pdf(id, "en");
        assertThat(en).contains("Met by the time given, but recorded after the deadline").contains("recorded 2031-05-06 10:20")
                .containsPattern("Regulator, fuller report .* Met(?! by)");
        assertThat(pdf(id, "zh")).contains("按填写的时间未逾期").contains("时限过后才登记").contains("登记于 2031-05-06 10:20");
    }

    @Test
    void theLowestLevelMayRecordWhyNoNotificationWasRequired() throws Exception {
        UUID id = open("GENERAL", clock.instant(), List.of(customer));
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "REGULATOR_INITIAL"), 422);
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "REGULATOR_INITIAL",
                "text", "Encrypted disk, wiped remotely."), 200);
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "CUSTOMERS", "text", "Nothing was readable."), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Closed."), 200);
        assertThat(holds.activeOn(List.of(customer))).isEmpty();
    }

    @Test
    void whoReadsIncidentsAndTheirWords() throws Exception {
        UUID id = open("GENERAL", clock.instant(), List.of(customer));
        act(id, security, Map.of("action", "NOTE", "text", "The contractor's laptop had the export."), 200);
        assertThat(api.status(get("/api/v1/incidents/" + id), employee)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/incidents/" + id), head)).isEqualTo(404);
        assertThat(api.status(get("/api/v1/incidents"), employee)).isEqualTo(404);
        MvcResult audited = api.call(get("/api/v1/incidents/" + id), auditor, null);
        assertThat(audited.getResponse().getStatus()).isEqualTo(200);
        assertThat(audited.getResponse().getContentAsString()).doesNotContain("contractor").doesNotContain("laptop");
        MvcResult managed = api.call(get("/api/v1/incidents/" + id), management, null);
        assertThat(managed.getResponse().getContentAsString()).contains("contractor");
        assertThat(jdbc.sql("select count(*) from incident_entry where text_cipher like '%contractor%'")
                .query(Long.class).single()).as("encrypted at rest").isZero();
    }

    @Test
    void noticesNameNoCustomerAndTheReportReadsBackInBothLanguages() throws Exception {
        UUID id = open("GENERAL", clock.instant().minus(Duration.ofHours(1)), List.of(customer));
        act(id, security, Map.of("action", "CONTAIN", "text", "Revoked the shared link."), 200);
        act(id, security, Map.of("action", "NOTICE_MEASURES", "text", "A first draft."), 200);
        act(id, management, Map.of("action", "NOTICE_MEASURES", "text", "By management."), 403);
        act(id, security, Map.of("action", "NOTICE_MEASURES", "text", "The link to the file was withdrawn."), 200);
        act(id, security, Map.of("action", "NOT_REQUIRED", "clock", "REGULATOR_INITIAL", "text", "Not required."), 200);
        act(id, security, Map.of("action", "CUSTOMERS_NOTIFIED"), 200);
        act(id, security, Map.of("action", "CLOSE", "text", "Closed."), 200);
        String reference = (String) view(id, security).get("reference");

        // A one-time code is used once: the page session signs in on the next code.
        clock.advance(Duration.ofSeconds(31));
        var session = io.custos.support.Pages.signIn(mvc, security, clock.instant());
        for (String kind : List.of("REGULATOR", "CUSTOMER")) {
            for (String lang : List.of("zh", "en")) {
                MvcResult notice = mvc.perform(get("/incidents/" + id + "/notices/" + kind).param("lang", lang)
                        .session(session)).andReturn();
                assertThat(notice.getResponse().getStatus()).isEqualTo(200);
                String text = notice.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
                // Only the measures written for the notices, the latest; never a containment step.
                assertThat(text).contains(reference).contains("The link to the file was withdrawn.")
                        .doesNotContain("Revoked the shared link").doesNotContain("A first draft")
                        .doesNotContain("Incident Shipping Lines").doesNotContain(RetentionFixture.PHONE)
                        .doesNotContain(customer.toString()).doesNotContain("李娜");
            }
        }
        clock.advance(Duration.ofSeconds(31));
        String zh = pdf(id, "zh");
        assertThat(zh).contains(reference).contains("一般（IV级）").contains("按时完成").contains("无需通知")
                .contains("Revoked the shared link").doesNotContain("Incident Shipping Lines");
        String en = pdf(id, "en");
        assertThat(en).contains("General (level IV)").contains("Met").contains("Not required");
        // The zone by its name, people by theirs, Chinese punctuation in Chinese (F18, F19).
        assertThat(en).contains("Times in China Time").doesNotContain("Asia/Shanghai")
                .doesNotContain("(" + security.username() + ")");
        assertThat(zh).contains("时间按 中国时间").doesNotContain("Asia/Shanghai").doesNotContain("(" + security.username() + ")")
                .containsPattern("\\d{2}:\\d{2} ?，");
        // The auditor's copy: dates and codes, no words.
        MvcResult audited = api.call(get("/api/v1/incidents/" + id + "/report.pdf").param("lang", "en"), auditor, null);
        assertThat(audited.getResponse().getStatus()).isEqualTo(200);
        assertThat(text(audited)).contains("General (level IV)").doesNotContain("Revoked the shared link");
        assertThat(api.status(get("/api/v1/incidents/" + id + "/report.pdf"), employee)).isEqualTo(404);
    }

    @Test
    void theReminderLetterReadsInBothLanguages() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("reference", "INC-2031-0007");
        variables.put("kind", "REGULATOR_DETAIL");
        variables.put("overdue", true);
        variables.put("dueAt", "2031-05-06 13:00");
        variables.put("link", "http://localhost:8080/incidents/x");
        io.custos.shared.MailOutbox.Message letter = mail.letter("security@example.com", "incident-clock", variables);
        assertThat(letter.subject()).contains("INC-2031-0007").contains("已逾期").contains("overdue");
        assertThat(letter.text()).contains("向监管部门的详细报告").contains("The fuller report to the regulator")
                .contains("2031-05-06 13:00").contains("http://localhost:8080/incidents/x")
                .doesNotContain("REGULATOR_DETAIL").doesNotContain("即将到期");
        variables.put("kind", "CUSTOMERS");
        variables.put("overdue", false);
        letter = mail.letter("security@example.com", "incident-clock", variables);
        assertThat(letter.subject()).contains("due soon").doesNotContain("overdue");
        assertThat(letter.text()).contains("对受影响客户的告知").contains("The notice to the affected customers");
    }

    // ------------------------------------------------------------------ helpers

    private TestAccounts.Account privileged(Instant now, Role role) {
        TestAccounts.Account account = accounts.create(now, Set.of(role), TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, now, account, EnumSet.of(role));
        return account;
    }

    private UUID reportBy(TestAccounts.Account by, boolean anonymous) throws Exception {
        return reportBy(post("/api/v1/risk-reports"), by, anonymous);
    }

    private UUID reportBy(MockHttpServletRequestBuilder request, TestAccounts.Account by, boolean anonymous)
            throws Exception {
        MvcResult sent = api.call(request, by, Map.of("category", "LOST_DEVICE",
                "description", "A USB stick with an export was left in meeting room 3.", "anonymous", anonymous));
        assertThat(sent.getResponse().getStatus()).as(sent.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) report(Api.body(sent)).get("id"));
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    /** The one audit record of this action on this report, with lower-case column names. */
    private Map<String, Object> event(UUID report, String action) {
        List<Map<String, Object>> rows = jdbc.sql("select actor_type, actor_id, actor_name, client_address, request_id, "
                + "details from audit_event where target_id = ? and action = ?").params(report.toString(), action)
                .query().listOfRows();
        assertThat(rows).as(action).hasSize(1);
        Map<String, Object> lower = new HashMap<>();
        rows.get(0).forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v == null ? null : v.toString()));
        return lower;
    }

    private void assertAnonymous(UUID report, String action, String address) {
        Map<String, Object> event = event(report, action);
        assertThat(event.get("actor_type")).isEqualTo("ANONYMOUS");
        assertThat(event.get("actor_id")).isNull();
        assertThat(event.get("client_address")).isNull();
        assertThat(event.get("request_id")).isNull();
        assertThat(event.toString()).doesNotContain(employee.id().toString(), employee.username(), address);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(Map<String, Object> submitted) {
        return (Map<String, Object>) submitted.get("report");
    }

    private UUID open(String severity, Instant detected, List<UUID> customers) throws Exception {
        MvcResult opened = api.call(post("/api/v1/incidents"), security, Map.of("severity", severity, "categories",
                List.of("CONTACT"), "detectedAt", detected.toString(), "summary", "An export went to the wrong address.",
                "customers", customers));
        assertThat(opened.getResponse().getStatus()).as(opened.getResponse().getContentAsString()).isEqualTo(201);
        return UUID.fromString((String) view(Api.body(opened)).get("id"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(Map<String, Object> detail) {
        return (Map<String, Object>) detail.get("view");
    }

    private Map<String, Object> view(UUID id, TestAccounts.Account by) throws Exception {
        MvcResult result = api.call(get("/api/v1/incidents/" + id), by, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return view(Api.body(result));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> clocks(Map<String, Object> view) {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        ((List<Map<String, Object>>) view.get("clocks")).forEach(c -> byKind.put((String) c.get("kind"), c));
        return byKind;
    }

    private static Instant due(Map<String, Object> view, String kind) {
        return Instant.parse((String) clocks(view).get(kind).get("dueAt"));
    }

    private void act(UUID id, TestAccounts.Account by, Map<String, Object> body, int expected) throws Exception {
        MvcResult result = api.call(post("/api/v1/incidents/" + id + "/actions"), by, body);
        assertThat(result.getResponse().getStatus()).as(body + " " + result.getResponse().getContentAsString())
                .isEqualTo(expected);
    }

    private int escalations(UUID id) {
        return step(id).size();
    }

    private List<String> step(UUID id) {
        return jdbc.sql("select detail from incident_entry where incident_id = ? and kind = 'ESCALATED' "
                + "order by happened_at").param(id).query(String.class).list();
    }

    private List<HomeTask> tasks(TestAccounts.Account person) {
        return homeTasks.stream().filter(IncidentHomeTasks.class::isInstance)
                .flatMap(p -> p.tasksFor(person.id()).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        List<Map<String, Object>> list = Api.JSON.readValue(result.getResponse().getContentAsString(), List.class);
        return list.stream().map(m -> (String) m.get("id")).toList();
    }

    private String pdf(UUID id, String lang) throws Exception {
        MvcResult result = api.call(get("/api/v1/incidents/" + id + "/report.pdf").param("lang", lang), security, null);
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/pdf");
        return text(result);
    }

    private static String text(MvcResult result) throws Exception {
        try (PDDocument document = Loader.loadPDF(result.getResponse().getContentAsByteArray())) {
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private static ZoneId zone() {
        return ZoneId.of("Asia/Shanghai");
    }
}
