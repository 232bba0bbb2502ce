package io.custos.retention;

import static io.custos.retention.RetentionFixture.call;
import static io.custos.retention.RetentionFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
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
 * Issue 16.3, 16.4, 16.7 (R-DEL-2, R-DEL-5): a destruction batch is proposed, approved by the head
 * of its department and by the administration department — two people, neither the proposer — and
 * executed by crypto-shredding; afterwards nothing of the customer can be read or found, the audit
 * events stay, and a legal minimum's business facts are kept without any link to the person. A
 * legal hold blocks every step until released. Each abuse an insider could try is tried here.
 */
@IntegrationTest
class DestructionFlowTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;

    UUID sales;
    UUID other;
    TestAccounts.Account owner;
    TestAccounts.Account colleague;
    TestAccounts.Account head;
    TestAccounts.Account otherHead;
    TestAccounts.Account admin;
    TestAccounts.Account secondAdmin;
    TestAccounts.Account security;
    String ownerToken;

    @BeforeEach
    void people() throws Exception {
        sales = accounts.department("R" + UUID.randomUUID().toString().substring(0, 6));
        other = accounts.department("Q" + UUID.randomUUID().toString().substring(0, 6));
        owner = person(sales, Role.EMPLOYEE);
        colleague = person(sales, Role.EMPLOYEE);
        head = person(sales, Role.EMPLOYEE, Role.DEPT_HEAD);
        otherHead = person(other, Role.EMPLOYEE, Role.DEPT_HEAD);
        admin = person(null, Role.ADMIN_OFFICER);
        secondAdmin = person(null, Role.ADMIN_OFFICER);
        security = accounts.create(clock.instant(), java.util.EnumSet.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(),
                false);
        ownerToken = token(owner);
    }

    @Test
    void twoApprovalsThenCryptoShreddingLeavesNothingReadableOrFindableAndKeepsTheLegalMinimumAnonymized()
            throws Exception {
        UUID traded = RetentionFixture.customer(mvc, ownerToken, "销毁测试 " + UUID.randomUUID().toString().substring(0, 6));
        UUID prospect = RetentionFixture.customer(mvc, ownerToken, "Prospect " + UUID.randomUUID().toString().substring(0, 6));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        RetentionFixture.dates(jdbc, traded, today.minusYears(4), today.minusYears(4));
        String tradedName = jdbc.sql("select plain_value from customer_value where customer_id = ? and field_key = 'companyName'")
                .param(traded).query(String.class).single();

        MvcResult proposed = call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(traded, prospect), "reason", "Customer asked us to forget them."));
        assertThat(status(proposed)).as(proposed.getResponse().getContentAsString()).isEqualTo(201);
        Map<String, Object> batch = Api.body(proposed);
        String id = (String) batch.get("id");
        assertThat(batch).containsEntry("status", "PROPOSED").containsEntry("customers", 2)
                .containsEntry("method", "CRYPTO_SHREDDING");

        // Nobody approves their own proposal; a colleague and another department's head do not even see it.
        assertThat(status(decide(ownerToken, id, "APPROVE"))).isEqualTo(403);
        assertThat(status(decide(token(colleague), id, "APPROVE"))).isEqualTo(404);
        assertThat(status(decide(token(otherHead), id, "APPROVE"))).isEqualTo(404);
        assertThat(status(call(mvc, get("/api/v1/destructions/" + id), token(otherHead), null))).isEqualTo(404);
        // A security administrator has no part in it, and the owner cannot start it.
        assertThat(status(decide(token(security), id, "APPROVE"))).isEqualTo(404);
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), ownerToken, null))).isEqualTo(403);

        String headToken = token(head);
        MvcResult byHead = decide(headToken, id, "APPROVE");
        assertThat(status(byHead)).as(byHead.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(byHead)).containsEntry("status", "PROPOSED");
        assertThat(status(decide(headToken, id, "APPROVE"))).as("the head's step is taken").isEqualTo(403);
        String adminToken = token(admin);
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), adminToken, null)))
                .as("not approved by the administration department yet").isEqualTo(409);

        MvcResult byAdmin = decide(adminToken, id, "APPROVE");
        assertThat(Api.body(byAdmin)).containsEntry("status", "APPROVED");
        assertThat(status(decide(token(secondAdmin), id, "APPROVE"))).isEqualTo(409);
        assertThat(status(decide(token(secondAdmin), id, "REJECT"))).as("decided: no rejection afterwards")
                .isEqualTo(409);
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), headToken, null)))
                .as("only the administration department executes").isEqualTo(403);

        MvcResult started = call(mvc, post("/api/v1/destructions/" + id + "/execution"), adminToken, null);
        assertThat(status(started)).as(started.getResponse().getContentAsString()).isEqualTo(202);
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), adminToken, null)))
                .as("an execution starts once").isEqualTo(409);
        Map<String, Object> done = awaitDone(adminToken, id);
        assertThat(done).containsEntry("destroyed", 2).containsEntry("skipped", 0).containsEntry("factsKept", 1);
        assertThat((String) done.get("digest")).startsWith("sha256:");

        // The certificate, in both languages, names the method, the count and the digest, and no customer.
        MvcResult english = call(mvc, get("/api/v1/destructions/" + id + "/certificate?lang=en"), adminToken, null);
        assertThat(english.getResponse().getContentType()).isEqualTo("application/pdf");
        String englishText = DestructionCertificatesTests.text(english.getResponse().getContentAsByteArray());
        assertThat(englishText).contains("Crypto-shredding", (String) done.get("number"))
                .doesNotContain(tradedName, "李娜");
        String chinese = DestructionCertificatesTests.text(call(mvc, get("/api/v1/destructions/" + id
                + "/certificate?lang=zh-CN"), headToken, null).getResponse().getContentAsByteArray());
        assertThat(chinese).contains("加密擦除").doesNotContain(tradedName);
        String code = jdbc.sql("select code from destruction_certificate where subject_id = ?").param(UUID.fromString(id))
                .query(String.class).single();
        MvcResult verified = mvc.perform(get("/api/v1/destructions/verify/" + code)).andReturn();
        assertThat(status(verified)).as("anyone holding the certificate checks it").isEqualTo(200);
        assertThat(Api.body(verified)).containsEntry("count", 2).containsEntry("digest", done.get("digest"));
        assertThat(status(call(mvc, get("/api/v1/destructions/" + id + "/certificate?lang=en"), token(otherHead), null)))
                .isEqualTo(404);

        // Nothing of them can be read or found, by anyone, exactly like a customer that never existed.
        MvcResult never = call(mvc, get("/api/v1/customers/" + UUID.randomUUID()), ownerToken, null);
        for (UUID gone : List.of(traded, prospect)) {
            MvcResult view = call(mvc, get("/api/v1/customers/" + gone), ownerToken, null);
            assertThat(status(view)).isEqualTo(404);
            assertThat(Api.body(view).get("title")).isEqualTo(Api.body(never).get("title"));
            assertThat(status(call(mvc, get("/api/v1/customers/" + gone), headToken, null))).isEqualTo(404);
            assertThat(status(call(mvc, post("/api/v1/customers/" + gone + "/reveal"), ownerToken,
                    Map.of("fields", List.of("phone"), "purpose", "SALES_FOLLOW_UP")))).isEqualTo(404);
            assertThat(jdbc.sql("select count(*) from customer_value where customer_id = ?").param(gone)
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from data_key where owner_id = ? and wrapped_keyset is null")
                    .param(gone).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from audit_event where target_id = ?").param(gone.toString())
                    .query(Long.class).single()).as("the audit log keeps its events").isGreaterThan(1);
        }
        MvcResult found = call(mvc, post("/api/v1/customers/search"), ownerToken, Map.of("phone", RetentionFixture.PHONE));
        assertThat(found.getResponse().getContentAsString()).doesNotContain(traded.toString(), prospect.toString());
        MvcResult listed = call(mvc, get("/api/v1/customers?size=100"), ownerToken, null);
        assertThat(listed.getResponse().getContentAsString()).doesNotContain(traded.toString(), prospect.toString());

        // The accounting minimum kept the traded customer's public facts, with nothing leading back to it.
        assertThat(jdbc.sql("select count(*) from retained_fact_value where field_value = ?").param(tradedName)
                .query(Long.class).single()).isEqualTo(1);
        UUID record = jdbc.sql("select record_id from retained_fact_value where field_value = ?").param(tradedName)
                .query(UUID.class).single();
        assertThat(jdbc.sql("select field_key from retained_fact_value where record_id = ?").param(record)
                .query(String.class).list()).containsExactlyInAnyOrder("companyName", "industry", "city");
        assertThat(jdbc.sql("select keep_until from retained_fact_record where id = ?").param(record)
                .query(LocalDate.class).single()).isEqualTo(today.minusYears(4).plusYears(10));
        assertThat(jdbc.sql("select count(*) from destruction_item where customer_id = ?").param(record)
                .query(Long.class).single()).isZero();
        // The record of the destruction holds no personal data: counts, codes, ids and its digest.
        assertThat(Api.body(call(mvc, get("/api/v1/destructions/" + id), adminToken, null)).toString())
                .doesNotContain(tradedName, "李娜", "2468");
        assertThat(jdbc.sql("select details from audit_event where action = 'retention.batch.executed' and target_id = ?")
                .param(id).query(String.class).single()).contains("\"destroyed\":2").doesNotContain(tradedName);
    }

    @Test
    void aLegalHoldBlocksProposalApprovalAndExecutionUntilReleasedAndOnlyAdministrationPlacesIt() throws Exception {
        UUID customer = RetentionFixture.customer(mvc, ownerToken, "Held " + UUID.randomUUID().toString().substring(0, 6));
        Map<String, Object> hold = Map.of("kind", "LITIGATION", "reference", "(2026) 沪0115民初1234号",
                "reason", "Lawsuit filed by the customer about a late delivery.");
        assertThat(status(call(mvc, post("/api/v1/customers/" + customer + "/holds"), ownerToken, hold)))
                .as("a salesperson cannot keep a customer forever").isEqualTo(403);
        assertThat(status(call(mvc, post("/api/v1/customers/" + customer + "/holds"), token(head), hold))).isEqualTo(403);
        String adminToken = token(admin);
        MvcResult placed = call(mvc, post("/api/v1/customers/" + customer + "/holds"), adminToken, hold);
        assertThat(status(placed)).as(placed.getResponse().getContentAsString()).isEqualTo(201);
        String holdId = (String) Api.body(placed).get("id");

        MvcResult refused = call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(customer), "reason", "No longer a customer."));
        assertThat(status(refused)).isEqualTo(409);
        assertThat(Api.body(refused)).containsEntry("holdKind", "LITIGATION").containsEntry("holdId", holdId);
        assertThat((String) Api.body(refused).get("detail")).contains("litigation");

        assertThat(status(call(mvc, delete("/api/v1/holds/" + holdId), adminToken, Map.of())))
                .as("a release needs a reason").isEqualTo(422);
        assertThat(status(call(mvc, delete("/api/v1/holds/" + holdId), token(security),
                Map.of("reason", "The court dismissed the case.")))).isEqualTo(200);
        assertThat(status(call(mvc, delete("/api/v1/holds/" + holdId), adminToken,
                Map.of("reason", "Again.")))).isEqualTo(409);

        String id = (String) Api.body(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(customer), "reason", "No longer a customer."))).get("id");
        assertThat(status(decide(token(head), id, "APPROVE"))).isEqualTo(200);
        // A hold placed after the first approval stops the second one and the execution.
        String again = (String) Api.body(call(mvc, post("/api/v1/customers/" + customer + "/holds"), token(security),
                Map.of("kind", "REGULATOR", "reason", "The regulator asked for the records."))).get("id");
        assertThat(status(decide(adminToken, id, "APPROVE"))).isEqualTo(409);
        assertThat(status(call(mvc, delete("/api/v1/holds/" + again), adminToken,
                Map.of("reason", "Records handed over; the request is closed.")))).isEqualTo(200);
        assertThat(Api.body(decide(adminToken, id, "APPROVE"))).containsEntry("status", "APPROVED");
        call(mvc, post("/api/v1/customers/" + customer + "/holds"), adminToken,
                Map.of("kind", "COMPLAINT", "reason", "A new complaint arrived."));
        assertThat(status(call(mvc, post("/api/v1/destructions/" + id + "/execution"), adminToken, null)))
                .isEqualTo(409);
        assertThat(status(call(mvc, get("/api/v1/customers/" + customer), ownerToken, null))).isEqualTo(200);
        assertThat(jdbc.sql("select details from audit_event where action = 'retention.hold.placed' and target_id = ?")
                .param(holdId).query(String.class).single()).doesNotContain("Lawsuit", "1234");
    }

    @Test
    void customersOfAnotherDepartmentOrUnknownOnesCannotBeProposedAndAnswerAlike() throws Exception {
        UUID mine = RetentionFixture.customer(mvc, ownerToken, "Mine " + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account stranger = person(other, Role.EMPLOYEE);
        UUID theirs = RetentionFixture.customer(mvc, token(stranger), "Theirs " + UUID.randomUUID().toString().substring(0, 6));
        MvcResult foreign = call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(theirs), "reason", "Clean-up."));
        MvcResult unknown = call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(UUID.randomUUID()), "reason", "Clean-up."));
        assertThat(status(foreign)).isEqualTo(422);
        Map<String, Object> foreignBody = Api.body(foreign);
        Map<String, Object> unknownBody = Api.body(unknown);
        foreignBody.remove("instance");
        unknownBody.remove("instance");
        assertThat(foreignBody).isEqualTo(unknownBody);
        assertThat(status(call(mvc, post("/api/v1/destructions"), token(colleague),
                Map.of("customerIds", List.of(mine), "reason", "Not mine.")))).as("a colleague's customer").isEqualTo(422);
        assertThat(status(call(mvc, post("/api/v1/destructions"), token(admin),
                Map.of("customerIds", List.of(mine, theirs), "reason", "Two departments.")))).isEqualTo(422);
        assertThat(status(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(mine))))).as("a reason is required").isEqualTo(422);
        String id = (String) Api.body(call(mvc, post("/api/v1/destructions"), ownerToken,
                Map.of("customerIds", List.of(mine), "reason", "Duplicate record."))).get("id");
        assertThat(status(call(mvc, post("/api/v1/destructions"), token(head),
                Map.of("customerIds", List.of(mine), "reason", "Again.")))).as("already in a batch").isEqualTo(409);
        MvcResult rejected = decide(token(head), id, "REJECT");
        assertThat(status(rejected)).as("a rejection needs a reason").isEqualTo(422);
        MvcResult withReason = call(mvc, post("/api/v1/destructions/" + id + "/approvals"), token(head),
                Map.of("decision", "REJECT", "reason", "We still deliver to them."));
        assertThat(Api.body(withReason)).containsEntry("status", "REJECTED");
        assertThat(status(decide(token(admin), id, "APPROVE"))).isEqualTo(409);
    }

    @Test
    void aDeletionRequestBecomesABatchAndItsOutcomeSaysWhatTheLawKeeps() throws Exception {
        UUID customer = RetentionFixture.customer(mvc, ownerToken, "Asks " + UUID.randomUUID().toString().substring(0, 6));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
        RetentionFixture.dates(jdbc, customer, today.minusMonths(2), today.minusYears(1));
        MvcResult entered = call(mvc, post("/api/v1/customers/" + customer + "/deletion-requests"), ownerToken,
                Map.of("channel", "EMAIL", "receivedOn", today.toString(), "details", "Asked by e-mail to delete everything."));
        assertThat(status(entered)).as(entered.getResponse().getContentAsString()).isEqualTo(201);
        String request = (String) Api.body(entered).get("id");
        assertThat(status(call(mvc, post("/api/v1/customers/" + customer + "/deletion-requests"), ownerToken,
                Map.of("channel", "PHONE", "receivedOn", today.toString())))).isEqualTo(409);
        assertThat(status(call(mvc, post("/api/v1/customers/" + customer + "/deletion-requests"), token(colleague),
                Map.of("channel", "PHONE", "receivedOn", today.toString())))).isEqualTo(404);
        assertThat(status(call(mvc, post("/api/v1/deletion-requests/" + request + "/refusal"), ownerToken,
                Map.of("reason", "No.")))).as("the owner cannot refuse it").isEqualTo(403);

        Map<String, Object> accepted = Api.body(call(mvc, post("/api/v1/deletion-requests/" + request + "/acceptance"),
                ownerToken, null));
        assertThat(accepted).containsEntry("status", "IN_BATCH");
        String batch = (String) accepted.get("batchId");
        decide(token(head), batch, "APPROVE");
        String adminToken = token(admin);
        decide(adminToken, batch, "APPROVE");
        call(mvc, post("/api/v1/destructions/" + batch + "/execution"), adminToken, null);
        awaitDone(adminToken, batch);

        Map<String, Object> outcome = Api.body(call(mvc, get("/api/v1/deletion-requests/" + request), adminToken, null));
        assertThat(outcome).containsEntry("status", "DONE").containsEntry("outcome", "ERASED_FACTS_KEPT")
                .containsEntry("keptUntil", today.minusYears(1).plusYears(10).toString());
        assertThat(Api.body(call(mvc, post("/api/v1/deletion-requests/" + request + "/told"), adminToken, null)))
                .containsKey("toldAt");
        assertThat(status(call(mvc, post("/api/v1/deletion-requests/" + request + "/told"), adminToken, null)))
                .isEqualTo(409);
    }

    private Map<String, Object> awaitDone(String token, String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "DONE".equals(
                Api.body(call(mvc, get("/api/v1/destructions/" + id), token, null)).get("status")));
        try {
            return Api.body(call(mvc, get("/api/v1/destructions/" + id), token, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MvcResult decide(String token, String id, String decision) throws Exception {
        return call(mvc, post("/api/v1/destructions/" + id + "/approvals"), token, Map.of("decision", decision));
    }

    /** One token per person and test: a second-factor code is accepted once. */
    private final Map<UUID, String> tokens = new java.util.HashMap<>();

    private String token(TestAccounts.Account account) throws Exception {
        String known = tokens.get(account.id());
        if (known == null) {
            known = Api.token(mvc, account, clock.instant());
            tokens.put(account.id(), known);
        }
        return known;
    }

    private TestAccounts.Account person(java.util.@org.jspecify.annotations.Nullable UUID department, Role... roles) {
        return RetentionFixture.person(accounts, documents, clock.instant(), department, roles);
    }
}
