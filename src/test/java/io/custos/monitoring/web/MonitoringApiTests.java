package io.custos.monitoring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.monitoring.MonitoringTestAlerts;
import io.custos.monitoring.RuleKind;
import io.custos.support.Api;
import io.custos.support.ApiCalls;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * {@code /api/v1/monitoring} (issue 21.5): the rules read, proposed and approved by a second person,
 * then set back; a rule's test; the alerts filtered, read and triaged; the dashboard; bad input
 * answered with a problem document (400 or 422), never 500; others refused.
 */
@IntegrationTest
class MonitoringApiTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationContext context;

    private final ApiCalls api = new ApiCalls(() -> mvc, () -> clock);

    TestAccounts.Account security;
    TestAccounts.Account otherSecurity;
    TestAccounts.Account auditor;
    TestAccounts.Account employee;
    TestAccounts.Account reader;

    @BeforeEach
    void people() {
        Instant now = clock.instant();
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        otherSecurity = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        employee = accounts.create(now, Set.of(Role.EMPLOYEE));
        reader = accounts.create(now, Set.of(Role.EMPLOYEE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProposalIsApprovedByASecondPersonAndTheRulesSetBack() throws Exception {
        Map<String, Object> current = Api.body(api.call(get("/api/v1/monitoring/rules"), security, null));
        Map<String, Object> inForce = (Map<String, Object>) current.get("inForce");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) inForce.get("rules");
        assertThat(rules).hasSize(RuleKind.values().length);
        assertThat(current).containsKey("pending");

        List<Map<String, Object>> changed = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            Map<String, Object> copy = new LinkedHashMap<>(rule);
            if ("REPEATED_REFUSALS".equals(rule.get("kind"))) {
                copy.put("threshold", ((Number) rule.get("threshold")).intValue() + 1);
            }
            changed.add(copy);
        }
        MvcResult proposed = api.call(put("/api/v1/monitoring/rules"), security, Map.of("rules", changed));
        assertThat(proposed.getResponse().getStatus()).as(proposed.getResponse().getContentAsString()).isEqualTo(202);
        Map<String, Object> proposal = Api.body(proposed);
        assertThat(proposal.get("status")).isEqualTo("PROPOSED");
        int version = ((Number) proposal.get("version")).intValue();
        String base = "/api/v1/monitoring/rules/proposals/" + version;

        assertThat(api.status(put("/api/v1/monitoring/rules"), otherSecurity, Map.of("rules", changed)))
                .as("one proposal at a time").isEqualTo(409);
        MvcResult own = api.call(post(base + "/approve"), security, null);
        assertThat(own.getResponse().getStatus()).isEqualTo(403);
        assertThat(Api.body(own).get("code")).isEqualTo("monitoring-rules-own-proposal");
        assertThat(api.status(post(base + "/withdraw"), otherSecurity)).as("only the proposer withdraws")
                .isEqualTo(404);
        assertThat(api.status(post(base + "/approve"), employee)).isEqualTo(403);
        MvcResult approved = api.call(post(base + "/approve"), auditor, null);
        assertThat(approved.getResponse().getStatus()).isEqualTo(200);
        assertThat(Api.body(approved).get("status")).isEqualTo("APPROVED");
        assertThat(Api.body(approved).get("decidedBy")).isEqualTo(auditor.id().toString());
        assertThat(api.status(post(base + "/reject"), otherSecurity)).isEqualTo(409);

        Map<String, Object> now = Api.body(api.call(get("/api/v1/monitoring/rules"), auditor, null));
        assertThat(((Map<String, Object>) now.get("inForce")).get("version")).isEqualTo(version);
        MvcResult history = api.call(get("/api/v1/monitoring/rules/history"), auditor, null);
        assertThat(history.getResponse().getContentAsString()).contains("\"version\":" + version);

        // Set back, so other test classes meet the rules they expect.
        MvcResult back = api.call(put("/api/v1/monitoring/rules"), otherSecurity, Map.of("rules", rules));
        assertThat(back.getResponse().getStatus()).isEqualTo(202);
        int backVersion = ((Number) Api.body(back).get("version")).intValue();
        assertThat(api.status(post("/api/v1/monitoring/rules/proposals/" + backVersion + "/approve"), security))
                .isEqualTo(200);
        assertThat(api.status(put("/api/v1/monitoring/rules"), security, Map.of("rules", rules)))
                .as("the set in force again").isEqualTo(409);
    }

    @Test
    @SuppressWarnings("unchecked")
    void badRulesAreRefusedWithProblemDocuments() throws Exception {
        Map<String, Object> current = Api.body(api.call(get("/api/v1/monitoring/rules"), security, null));
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) current.get("inForce"))
                .get("rules");
        List<Map<String, Object>> negative = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            Map<String, Object> copy = new LinkedHashMap<>(rule);
            if ("BULK_READING".equals(rule.get("kind"))) {
                copy.put("windowMinutes", 0);
            }
            negative.add(copy);
        }
        problem(put("/api/v1/monitoring/rules"), security, Map.of("rules", negative), 422, "monitoring-rule-invalid",
                "windowMinutes");
        problem(put("/api/v1/monitoring/rules"), security, Map.of("rules", rules.subList(0, 3)), 422,
                "monitoring-rules-incomplete", "rules");
        problem(put("/api/v1/monitoring/rules"), security, Map.of(), 422, "monitoring-rules-incomplete", "rules");
        Map<String, Object> noSeverity = new LinkedHashMap<>(rules.get(0));
        noSeverity.remove("severity");
        problem(post("/api/v1/monitoring/rules/trial"), security, noSeverity, 422, "monitoring-rule-invalid", "severity");
        Map<String, Object> unknownKind = new LinkedHashMap<>(rules.get(0));
        unknownKind.put("kind", "MIND_READING");
        problem(post("/api/v1/monitoring/rules/trial"), security, unknownKind, 400, "wrong-type", null);
        Map<String, Object> badTime = new LinkedHashMap<>(rules.get(0));
        badTime.put("workdayStart", "25:99");
        problem(post("/api/v1/monitoring/rules/trial"), security, badTime, 400, null, null);
        MvcResult noBody = mvc.perform(put("/api/v1/monitoring/rules").header("Authorization", api.token(security))
                .contentType(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(noBody.getResponse().getStatus()).isEqualTo(400);
        assertThat(noBody.getResponse().getContentType()).contains("problem+json");
        assertThat(api.status(post("/api/v1/monitoring/rules/proposals/abc/approve"), security)).isEqualTo(400);
        assertThat(api.status(post("/api/v1/monitoring/rules/proposals/999999/approve"), security)).isEqualTo(404);

        // Auditors test rules but never propose; employees do neither.
        problem(put("/api/v1/monitoring/rules"), auditor, Map.of("rules", rules), 403, "forbidden", null);
        problem(get("/api/v1/monitoring/rules"), employee, null, 403, "monitoring-forbidden", null);
        problem(post("/api/v1/monitoring/rules/trial"), employee, rules.get(0), 403, "monitoring-forbidden", null);
        MvcResult trial = api.call(post("/api/v1/monitoring/rules/trial"), auditor, rules.get(0));
        assertThat(trial.getResponse().getStatus()).as(trial.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(trial)).containsKeys("from", "until", "eventsRead", "alerts", "repeats", "shown");
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertsAreFilteredReadAndTriagedAndBadInputIsAProblem() throws Exception {
        MonitoringTestAlerts.bulkReading(context, reader.id(), reader.username(), 60);
        UUID id = jdbc.sql("select id from monitoring_alert where subject_id = ? and rule_kind = 'BULK_READING'")
                .param(reader.id()).query(UUID.class).single();

        MvcResult list = api.call(get("/api/v1/monitoring/alerts?status=OPEN&rule=BULK_READING&severity=HIGH"),
                security, null);
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(list.getResponse().getContentAsString()).contains(id.toString());
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        assertThat(api.call(get("/api/v1/monitoring/alerts?rule=OFF_HOURS"), security, null).getResponse()
                .getContentAsString()).doesNotContain(id.toString());
        assertThat(api.status(get("/api/v1/monitoring/alerts?from=2020-01-01&to=" + today), security)).isEqualTo(200);
        problem(get("/api/v1/monitoring/alerts?status=SHRUGGED"), security, null, 400, "wrong-type", "status");
        problem(get("/api/v1/monitoring/alerts?department=nope"), security, null, 400, "wrong-type", "department");
        problem(get("/api/v1/monitoring/alerts?from=2031-13-01"), security, null, 400, "wrong-type", "from");
        problem(get("/api/v1/monitoring/alerts"), employee, null, 403, "monitoring-forbidden", null);
        problem(get("/api/v1/monitoring/alerts/not-an-id"), security, null, 400, "wrong-type", "id");
        problem(get("/api/v1/monitoring/alerts/" + id), reader, null, 404, "not-found", null);

        Map<String, Object> detail = Api.body(api.call(get("/api/v1/monitoring/alerts/" + id), security, null));
        assertThat(detail.get("mayTriage")).isEqualTo(true);
        List<Map<String, Object>> events = (List<Map<String, Object>>) detail.get("events");
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e).containsKeys("row", "at", "action", "outcome",
                "targetType", "targetId"));

        String triage = "/api/v1/monitoring/alerts/" + id + "/triage";
        problem(post(triage), security, Map.of("outcome", "MAYBE", "note", "Checked with the sales head."), 400,
                "wrong-type", "outcome");
        problem(post(triage), security, Map.of("note", "Checked with the sales head."), 422,
                "monitoring-triage-outcome", "outcome");
        problem(post(triage), security, Map.of("outcome", "FINDING", "note", "short"), 422, "monitoring-triage-note",
                "note");
        problem(post(triage), security, Map.of("outcome", "INCIDENT", "note", "Checked with the sales head.",
                "incident", "INC-1999-1"), 422, "monitoring-triage-incident", "incident");
        problem(post(triage), auditor, Map.of("outcome", "FINDING", "note", "Checked with the sales head."), 403,
                "monitoring-triage-not-yours", null);
        MvcResult noBody = mvc.perform(post(triage).header("Authorization", api.token(security))
                .contentType(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(noBody.getResponse().getStatus()).isEqualTo(400);

        MvcResult done = api.call(post(triage), security, Map.of("outcome", "FINDING",
                "note", "Checked with the sales head: for the next inspection."));
        assertThat(done.getResponse().getStatus()).as(done.getResponse().getContentAsString()).isEqualTo(200);
        Map<String, Object> triaged = Api.body(done);
        assertThat(((Map<String, Object>) triaged.get("alert")).get("status")).isEqualTo("FINDING");
        assertThat(triaged.get("note")).isEqualTo("Checked with the sales head: for the next inspection.");
        problem(post(triage), security, Map.of("outcome", "FINDING", "note", "Checked with the sales head."), 409,
                "monitoring-alert-triaged", null);

        MvcResult dashboard = api.call(get("/api/v1/monitoring/dashboard"), auditor, null);
        assertThat(dashboard.getResponse().getStatus()).isEqualTo(200);
        Map<String, Object> counts = Api.body(dashboard);
        assertThat(((Map<String, Object>) counts.get("byKind")).get("BULK_READING")).isNotNull();
        assertThat(api.status(get("/api/v1/monitoring/dashboard?from=2031-01-10&to=2031-01-01"), auditor))
                .isEqualTo(422);
        problem(get("/api/v1/monitoring/dashboard?from=yesterday"), auditor, null, 400, "wrong-type", "from");
        problem(get("/api/v1/monitoring/dashboard"), employee, null, 403, "monitoring-forbidden", null);

        String openApi = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        assertThat(openApi).contains("/api/v1/monitoring/rules", "/api/v1/monitoring/alerts/{id}/triage",
                "a second person");
    }

    private void problem(MockHttpServletRequestBuilder request, TestAccounts.Account by,
            Map<String, Object> body, int status, String code, String field) throws Exception {
        MvcResult result = api.call(request, by, body);
        String text = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
        assertThat(result.getResponse().getContentType()).contains("application/problem+json");
        Map<String, Object> problem = Api.body(result);
        if (code != null) {
            assertThat(problem.get("code")).as(text).isEqualTo(code);
        }
        if (field != null) {
            assertThat(problem.get("field")).as(text).isEqualTo(field);
        }
        assertThat(String.valueOf(problem.get("detail"))).doesNotContain("??");
    }
}
