package io.custos.compliance.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.ApiCalls;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * {@code /api/v1/compliance} (issue 22.7, R-X-2): the live map for the company and a head's department,
 * the thresholds read and tuned, bad input answered with a problem document, never 500; others refused.
 */
@IntegrationTest
class ComplianceApiTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    private final ApiCalls api = new ApiCalls(() -> mvc, () -> clock);

    TestAccounts.Account auditor;
    TestAccounts.Account security;
    TestAccounts.Account head;
    TestAccounts.Account sales;
    UUID department;

    @BeforeEach
    void people() {
        Instant now = clock.instant();
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        head = accounts.create(now, Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        sales = accounts.create(now, Set.of(Role.EMPLOYEE));
        department = accounts.customerDepartment("CAPI-" + UUID.randomUUID().toString().substring(0, 6));
        accounts.moveTo(head, department);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
    }

    @AfterEach
    void defaults() {
        jdbc.sql("delete from compliance_threshold").update();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMapIsReadForTheCompanyAndForAHeadsDepartment() throws Exception {
        Map<String, Object> map = Api.body(api.call(get("/api/v1/compliance/map"), auditor, null));
        assertThat(map).containsKeys("policy", "computedAt", "clauses", "unmappedControls");
        List<Map<String, Object>> controls = new java.util.ArrayList<>((List<Map<String, Object>>) map.get("unmappedControls"));
        for (Map<String, Object> clause : (List<Map<String, Object>>) map.get("clauses")) {
            controls.addAll((List<Map<String, Object>>) clause.get("controls"));
        }
        List<Map<String, Object>> readings = controls.stream()
                .flatMap(c -> ((List<Map<String, Object>>) c.get("readings")).stream()).toList();
        assertThat(readings).extracting(r -> r.get("indicator")).contains("PLAINTEXT_CONFIDENTIAL_VALUES",
                "DAYS_SINCE_BACKUP", "OVERDUE_CASES");
        assertThat(readings).allSatisfy(r -> assertThat(r).containsKeys("value", "status", "thresholds"));

        Map<String, Object> own = Api.body(api.call(get("/api/v1/compliance/map"), head, null));
        assertThat(own.get("department")).isEqualTo(department.toString());
        assertThat(api.status(get("/api/v1/compliance/map?department=" + UUID.randomUUID()), head)).isEqualTo(403);
        assertThat(api.status(get("/api/v1/compliance/map"), sales)).isEqualTo(403);
        MvcResult bad = api.call(get("/api/v1/compliance/map?department=not-an-id"), auditor, null);
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(bad.getResponse().getContentType()).contains("application/problem+json");
    }

    @Test
    void thresholdsAreReadByTheMapsReadersAndTunedOnlyBySecurityAdministrators() throws Exception {
        assertThat(api.status(get("/api/v1/compliance/thresholds"), auditor)).isEqualTo(200);
        assertThat(api.status(get("/api/v1/compliance/thresholds"), head)).isEqualTo(403);

        assertThat(api.status(put("/api/v1/compliance/thresholds/OVERDUE_CASES"), auditor,
                Map.of("amber", 2, "red", 6))).isEqualTo(403);
        assertThat(api.status(put("/api/v1/compliance/thresholds/CHAINS_FAILING_VERIFICATION"), security,
                Map.of("amber", 5, "red", 5))).isEqualTo(422);
        assertThat(api.status(put("/api/v1/compliance/thresholds/OVERDUE_CASES"), security, Map.of("amber", 2)))
                .isEqualTo(422);
        assertThat(api.status(put("/api/v1/compliance/thresholds/NO_SUCH_FIGURE"), security,
                Map.of("amber", 2, "red", 6))).isEqualTo(404);

        Map<String, Object> tuned = Api.body(api.call(put("/api/v1/compliance/thresholds/OVERDUE_CASES"), security,
                Map.of("amber", 2, "red", 6)));
        assertThat(tuned.get("current")).isEqualTo(Map.of("amber", 2, "red", 6));
        assertThat(tuned.get("changedBy")).isEqualTo(security.id().toString());
    }
}
