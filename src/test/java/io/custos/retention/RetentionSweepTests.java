package io.custos.retention;

import static io.custos.retention.RetentionFixture.call;
import static io.custos.retention.RetentionFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 16.1, 16.2 (R-DEL-1): the sweep applies each rule in force on the clock it is given —
 * prospects from their last contact, customers from their last transaction, withdrawn consent from
 * the withdrawal — and lists who is due and who falls due within 30 days; rules change only as a
 * version a security administrator other than the proposer approves, and cannot keep personal data.
 */
@IntegrationTest
@SuppressWarnings("unchecked")
class RetentionSweepTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired RetentionRules rules;

    private final Map<UUID, String> tokens = new HashMap<>();

    @AfterEach
    void defaultRulesInForce() {
        // Other test classes share the database: leave the initial rules in force.
        int inForce = jdbc.sql("select version from retention_rule_set where status = 'IN_FORCE'").query(Integer.class)
                .single();
        if (inForce != 1) {
            jdbc.sql("update retention_rule_set set status = 'SUPERSEDED' where status in ('IN_FORCE', 'PENDING')").update();
            jdbc.sql("update retention_rule_set set status = 'IN_FORCE' where version = 1").update();
        }
        jdbc.sql("update retention_rule_set set status = 'WITHDRAWN' where status = 'PENDING'").update();
    }

    @Test
    void eachRuleCountsFromItsOwnDateOnTheInjectedClock() throws Exception {
        UUID department = accounts.department("W" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        TestAccounts.Account admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        String ownerToken = token(owner);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        UUID staleProspect = RetentionFixture.customer(mvc, ownerToken, "Stale prospect");
        RetentionFixture.dates(jdbc, staleProspect, today.minusYears(2).minusDays(1), null);
        UUID soonProspect = RetentionFixture.customer(mvc, ownerToken, "Soon prospect");
        RetentionFixture.dates(jdbc, soonProspect, today.minusYears(2).plusDays(10), null);
        UUID staleCustomer = RetentionFixture.customer(mvc, ownerToken, "Stale customer");
        // A recent contact does not keep a customer whose last transaction is three years old.
        RetentionFixture.dates(jdbc, staleCustomer, today.minusDays(3), today.minusYears(3));
        UUID activeCustomer = RetentionFixture.customer(mvc, ownerToken, "Active customer");
        RetentionFixture.dates(jdbc, activeCustomer, today.minusYears(5), today.minusYears(1));
        UUID withdrawn = RetentionFixture.customer(mvc, ownerToken, "Withdrawn");
        RetentionFixture.dates(jdbc, withdrawn, today, null);
        MvcResult withdrawal = call(mvc, post("/api/v1/customers/" + withdrawn + "/consents/withdrawals"), ownerToken,
                Map.of("purposes", List.of("SALES_FOLLOW_UP", "CONTRACT"), "channel", "PHONE"));
        assertThat(status(withdrawal)).as(withdrawal.getResponse().getContentAsString()).isEqualTo(200);

        assertThat(status(call(mvc, post("/api/v1/retention/sweeps"), ownerToken, null))).isEqualTo(403);
        String adminToken = token(admin);
        Map<String, Object> sweep = Api.body(call(mvc, post("/api/v1/retention/sweeps"), adminToken, null));
        assertThat(sweep).containsEntry("ruleVersion", 1);
        Map<UUID, Map<String, Object>> due = due(adminToken, department);
        assertThat(due).containsOnlyKeys(staleProspect, soonProspect, staleCustomer, withdrawn);
        assertThat(due.get(staleProspect)).containsEntry("ruleCode", "prospect-no-deal").containsEntry("due", true)
                .containsEntry("basisOn", today.minusYears(2).minusDays(1).toString());
        assertThat(due.get(soonProspect)).containsEntry("due", false)
                .containsEntry("dueOn", today.plusDays(10).toString());
        assertThat(due.get(staleCustomer)).containsEntry("ruleCode", "customer-inactive").containsEntry("due", true);
        assertThat(due.get(withdrawn)).containsEntry("ruleCode", "consent-withdrawn").containsEntry("due", false)
                .containsEntry("dueOn", today.plusDays(30).toString());
        // The owner sees their own; another department's head sees none of them.
        assertThat(due(ownerToken, null)).containsKeys(staleProspect, withdrawn);
        TestAccounts.Account otherHead = RetentionFixture.person(accounts, documents, clock.instant(),
                accounts.department("V" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE, Role.DEPT_HEAD);
        assertThat(due(token(otherHead), null)).doesNotContainKeys(staleProspect, withdrawn);

        // A month later the withdrawn and the soon-due prospect are due too; a new transaction keeps the active one out.
        clock.advance(Duration.ofDays(31));
        try {
            tokens.clear();
            adminToken = token(admin);
            Api.body(call(mvc, post("/api/v1/retention/sweeps"), adminToken, null));
            due = due(adminToken, department);
            assertThat(due.get(withdrawn)).containsEntry("due", true);
            assertThat(due.get(soonProspect)).containsEntry("due", true);
            assertThat(due).doesNotContainKey(activeCustomer);
        } finally {
            clock.advance(Duration.ofDays(-31));
        }
    }

    @Test
    void rulesChangeOnlyByAVersionAnotherPersonApprovesAndNeverKeepPersonalData() throws Exception {
        TestAccounts.Account admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        TestAccounts.Account security = accounts.create(clock.instant(), java.util.EnumSet.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false);
        TestAccounts.Account both = accounts.create(clock.instant(),
                java.util.EnumSet.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        String adminToken = token(admin);
        List<Map<String, Object>> shorter = List.of(
                Map.of("code", "prospect-no-deal", "kind", "PROSPECT_INACTIVE", "period", "P1Y"),
                Map.of("code", "customer-inactive", "kind", "CUSTOMER_INACTIVE", "period", "P3Y"),
                Map.of("code", "accounting-records", "kind", "LEGAL_MINIMUM", "period", "P10Y",
                        "fields", List.of("companyName", "country")));
        assertThat(status(call(mvc, put("/api/v1/retention/rules"), token(security),
                Map.of("rules", shorter, "reason", "Shorter prospects")))).isEqualTo(403);
        MvcResult keepsPhones = call(mvc, put("/api/v1/retention/rules"), adminToken, Map.of("rules", List.of(
                Map.of("code", "accounting-records", "kind", "LEGAL_MINIMUM", "period", "P10Y",
                        "fields", List.of("companyName", "phone"))), "reason", "Keep phones for ten years"));
        assertThat(status(keepsPhones)).isEqualTo(422);
        assertThat(Api.body(keepsPhones)).containsEntry("code", "retention-rule-fields-not-public");
        assertThat(status(call(mvc, put("/api/v1/retention/rules"), adminToken, Map.of("rules", List.of(
                Map.of("code", "prospect-no-deal", "kind", "PROSPECT_INACTIVE", "period", "P0D")), "reason", "Now"))))
                .isEqualTo(422);
        assertThat(status(call(mvc, put("/api/v1/retention/rules"), adminToken, Map.of("rules", List.of(
                Map.of("code", "a", "kind", "PROSPECT_INACTIVE", "period", "P1Y"),
                Map.of("code", "b", "kind", "PROSPECT_INACTIVE", "period", "P2Y")), "reason", "Two")))).isEqualTo(422);

        MvcResult proposed = call(mvc, put("/api/v1/retention/rules"), adminToken,
                Map.of("rules", shorter, "reason", "Prospects go after one year"));
        assertThat(status(proposed)).as(proposed.getResponse().getContentAsString()).isEqualTo(202);
        int version = (Integer) Api.body(proposed).get("version");
        assertThat(status(call(mvc, put("/api/v1/retention/rules"), adminToken,
                Map.of("rules", shorter, "reason", "Another")))).as("one version waits at a time").isEqualTo(409);
        assertThat(rules.inForce().version()).as("nothing changes before the approval").isEqualTo(1);
        assertThat(status(call(mvc, post("/api/v1/retention/rules/" + version + "/decision"), adminToken,
                Map.of("decision", "APPROVE")))).isEqualTo(403);
        MvcResult approved = call(mvc, post("/api/v1/retention/rules/" + version + "/decision"), token(both),
                Map.of("decision", "APPROVE"));
        assertThat(Api.body(approved)).containsEntry("status", "IN_FORCE");
        assertThat(rules.inForce().rule(RuleKind.PROSPECT_INACTIVE).orElseThrow().periodText()).isEqualTo("P1Y");
        assertThat(rules.version(1).orElseThrow().status()).isEqualTo(RuleSetStatus.SUPERSEDED);
        assertThat(status(call(mvc, post("/api/v1/retention/rules/" + version + "/decision"), token(security),
                Map.of("decision", "REJECT", "reason", "Too late")))).isEqualTo(409);
    }

    private Map<UUID, Map<String, Object>> due(String token, UUID department) throws Exception {
        String url = "/api/v1/retention/due?limit=500" + (department == null ? "" : "&departmentId=" + department);
        Map<String, Object> page = Api.body(call(mvc, get(url), token, null));
        Map<UUID, Map<String, Object>> byId = new HashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) page.get("customers")) {
            byId.put(UUID.fromString((String) row.get("customerId")), row);
        }
        return byId;
    }

    private String token(TestAccounts.Account account) throws Exception {
        String known = tokens.get(account.id());
        if (known == null) {
            known = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), known);
        }
        return known;
    }
}
