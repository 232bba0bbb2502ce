package io.custos.retention;

import static io.custos.retention.RetentionFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Issue 16.3 (R-DEL-2): a batch stopped half way — the node died after its execution started and
 * after one chunk committed — is finished by the next resume, once: every customer destroyed, each
 * legal-minimum fact kept exactly once, the batch DONE with its counts.
 */
@IntegrationTest
class DestructionCrashTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired DestructionExecutor executor;

    @Test
    void aBatchCutOffAfterItsFirstChunkIsFinishedByTheNextResumeExactlyOnce() throws Exception {
        UUID department = accounts.department("K" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        TestAccounts.Account head = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        String ownerToken = Api.token(mvc, owner, clock.instant());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        String marker = "Crash " + UUID.randomUUID().toString().substring(0, 6);
        List<UUID> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID customer = RetentionFixture.customer(mvc, ownerToken, marker + " " + i);
            RetentionFixture.dates(jdbc, customer, today.minusYears(4), today.minusYears(4));
            customers.add(customer);
        }
        String id = (String) Api.body(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", customers, "reason", "Past the retention period."))).get("id");
        call(mvc, post("/api/v1/destructions/" + id + "/approvals"), Api.token(mvc, head, clock.instant()),
                Map.of("decision", "APPROVE"));
        call(mvc, post("/api/v1/destructions/" + id + "/approvals"), Api.token(mvc, admin, clock.instant()),
                Map.of("decision", "APPROVE"));
        UUID batch = UUID.fromString(id);
        // The execution's start committed, then the node died before its thread ran anything.
        jdbc.sql("update destruction_batch set status = 'EXECUTING', executed_by = ?, execution_started_at = "
                + "current_timestamp where id = ?").params(admin.id(), batch).update();

        executor.run(batch, 1, 2);
        assertThat(jdbc.sql("select count(*) from destruction_item where batch_id = ? and outcome = 'DESTROYED'")
                .param(batch).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select status from destruction_batch where id = ?").param(batch).query(String.class)
                .single()).isEqualTo("EXECUTING");

        executor.resume();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(jdbc.sql(
                "select status from destruction_batch where id = ?").param(batch).query(String.class).single()));
        assertThat(jdbc.sql("select destroyed_count from destruction_batch where id = ?").param(batch)
                .query(Integer.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from customer where destroyed_at is not null and id in (?, ?, ?, ?, ?)")
                .params(customers.toArray()).query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from retained_fact_value where field_key = 'companyName' "
                + "and field_value like ?").param(marker + "%").query(Long.class).single())
                .as("each customer's facts kept once, not again by the resumed run").isEqualTo(5);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'retention.batch.executed' and target_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aHoldPlacedWhileTheBatchRunsKeepsTheCustomerAndRefusesItsDeletionRequestWithACode() throws Exception {
        UUID department = accounts.department("H" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        TestAccounts.Account head = RetentionFixture.person(accounts, documents, clock.instant(), department,
                Role.EMPLOYEE, Role.DEPT_HEAD);
        TestAccounts.Account admin = RetentionFixture.person(accounts, documents, clock.instant(), null, Role.ADMIN_OFFICER);
        String ownerToken = Api.token(mvc, owner, clock.instant());
        String adminToken = Api.token(mvc, admin, clock.instant());
        UUID customer = RetentionFixture.customer(mvc, ownerToken, "Held later " + UUID.randomUUID().toString().substring(0, 6));
        String request = (String) Api.body(call(mvc, post("/api/v1/customers/" + customer + "/deletion-requests"),
                ownerToken, Map.of("channel", "LETTER", "receivedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString())))
                .get("id");
        String batch = (String) Api.body(call(mvc, post("/api/v1/deletion-requests/" + request + "/acceptance"),
                ownerToken, null)).get("batchId");
        call(mvc, post("/api/v1/destructions/" + batch + "/approvals"), Api.token(mvc, head, clock.instant()),
                Map.of("decision", "APPROVE"));
        call(mvc, post("/api/v1/destructions/" + batch + "/approvals"), adminToken, Map.of("decision", "APPROVE"));
        // The execution started; before its thread ran, a claim arrived and the customer was held.
        jdbc.sql("update destruction_batch set status = 'EXECUTING', executed_by = ?, execution_started_at = "
                + "current_timestamp where id = ?").params(admin.id(), UUID.fromString(batch)).update();
        call(mvc, post("/api/v1/customers/" + customer + "/holds"), adminToken,
                Map.of("kind", "CLAIM", "reason", "The customer claims damages for a lost shipment."));

        executor.run(UUID.fromString(batch));
        Map<String, Object> done = Api.body(call(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/destructions/" + batch), adminToken, null));
        assertThat(done).containsEntry("status", "DONE").containsEntry("destroyed", 0).containsEntry("skipped", 1);
        assertThat(RetentionFixture.status(call(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/customers/" + customer), ownerToken, null))).isEqualTo(200);
        Map<String, Object> refused = Api.body(call(mvc, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/deletion-requests/" + request), adminToken, null));
        assertThat(refused).containsEntry("status", "REFUSED").containsEntry("outcome", "REFUSED")
                .containsEntry("refusalCode", "legal-hold").containsEntry("refusalReason", null);
    }
}
