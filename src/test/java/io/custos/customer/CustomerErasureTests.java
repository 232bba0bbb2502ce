package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import io.custos.identity.Role;
import io.custos.keys.DataKeys;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/**
 * Erasing customers for a destruction batch (issue 16, R-DEL-3): data key destroyed, every value,
 * flag and consent evidence file gone, the row marked, one event each; erasing again does nothing;
 * only L1 business facts can be read for keeping.
 */
@IntegrationTest
class CustomerErasureTests {

    static final String PHONE_DIGITS = "13924681357";

    @Autowired MockMvc mvc;
    @Autowired io.custos.training.PolicyDocuments documents;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired DataKeys dataKeys;
    @Autowired CustomerErasure erasure;
    @Autowired TransactionTemplate tx;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;

    @BeforeEach
    void anOwnerWithCustomers() throws Exception {
        department = UUID.randomUUID();
        String code = "E" + department.toString().substring(0, 6);
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, ?, ?, current_timestamp)")
                .params(department, code, code, code).update();
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, owner.id()).update();
        io.custos.support.Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @Test
    void erasesKeyValuesFlagsAndEvidenceMarksTheRowAndRecordsOneEventEachOnlyOnce() throws Exception {
        UUID a = create("销毁甲公司");
        UUID b = create("销毁乙公司");
        UUID kept = create("保留丙公司");
        UUID consent = jdbc.sql("select id from consent_record where customer_id = ?").param(a).query(UUID.class).single();
        mvc.perform(multipart("/api/v1/customers/" + a + "/consents/" + consent + "/evidence")
                .file(new org.springframework.mock.web.MockMultipartFile("file", "form.pdf", "application/pdf",
                        "%PDF-1.4 evidence".getBytes()))
                .header("Authorization", ownerToken)).andExpect(status().is2xxSuccessful());
        jdbc.sql("insert into customer_field_flag (customer_id, field_key, reason, flagged_at) values (?, 'phone', "
                + "'no-consented-purpose', current_timestamp)").param(a).update();
        UUID batch = UUID.randomUUID();

        Set<UUID> erased = tx.execute(s -> erasure.erase(List.of(a, b, UUID.randomUUID()), batch));

        assertThat(erased).containsExactlyInAnyOrder(a, b);
        for (UUID id : List.of(a, b)) {
            assertThat(count("select count(*) from customer_value where customer_id = ?", id)).isZero();
            assertThat(count("select count(*) from customer where id = ? and destroyed_at is not null", id)).isOne();
            assertThat(dataKeys.isDestroyed(id)).isTrue();
            assertThat(erasure.isDestroyed(id)).isTrue();
            assertThat(count("select count(*) from audit_event where action = 'customer.destroyed' and target_id = ?",
                    id.toString())).isOne();
            assertThat(count("select count(*) from audit_event where action = 'keys.data-key.destroyed' "
                    + "and target_id = ?", id.toString())).isOne();
        }
        assertThat(count("select count(*) from customer_field_flag where customer_id = ?", a)).isZero();
        assertThat(count("select count(*) from consent_evidence where consent_id = ?", consent)).isZero();
        // The consent records stay: notice versions, purposes and times, no value.
        assertThat(count("select count(*) from consent_record where customer_id = ?", a)).isOne();
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.destroyed' and target_id = ?")
                .param(a.toString()).query(String.class).single()).contains(batch.toString());
        assertThat(count("select count(*) from customer_value where customer_id = ?", kept)).isPositive();
        assertThat(erasure.isDestroyed(kept)).isFalse();
        assertThat(erasure.isDestroyed(UUID.randomUUID())).isFalse();

        // Again (a batch resumed after a crash): nothing more is done or recorded.
        Set<UUID> again = tx.execute(s -> erasure.erase(List.of(a, b), UUID.randomUUID()));
        assertThat(again).isEmpty();
        assertThat(count("select count(*) from audit_event where action = 'customer.destroyed' and target_id = ?",
                a.toString())).isOne();
    }

    @Test
    void onlyRunsInTheCallersTransaction() {
        assertThatThrownBy(() -> erasure.erase(List.of(UUID.randomUUID()), UUID.randomUUID()))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> erasure.businessFacts(List.of(UUID.randomUUID()), List.of("companyName")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void businessFactsAreThePlainL1ValuesOfLiveCustomersOnly() throws Exception {
        UUID live = create("事实保留公司");
        UUID gone = create("事实销毁公司");
        tx.execute(s -> erasure.erase(List.of(gone), UUID.randomUUID()));
        Map<UUID, Map<String, String>> facts = tx.execute(s -> erasure.businessFacts(List.of(live, gone),
                List.of("companyName", "industry", "city")));
        assertThat(facts).containsOnlyKeys(live);
        assertThat(facts.get(live)).containsExactlyInAnyOrderEntriesOf(Map.of("companyName", "事实保留公司",
                "industry", "进出口贸易", "city", "青岛"));
        // Only L1 may outlive a person: an L2 or L3 field, or one that is not in the catalog, is refused.
        for (String field : List.of("contactName", "phone", "noSuchField")) {
            assertThatThrownBy(() -> tx.execute(s -> erasure.businessFacts(List.of(live), List.of(field))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Issue 16 "After destruction": every way to a customer answers as for an id that never existed,
     * through the API and the pages, for its owner and for a security administrator alike; searches,
     * counts and exports leave it out; its audit events stay, naming it by id only.
     */
    @Test
    void aDestroyedCustomerIsGoneEverywhereLikeOneThatNeverExisted() throws Exception {
        String prefix = "Gone " + UUID.randomUUID().toString().substring(0, 6);
        UUID gone = create(prefix + " Trading");
        UUID kept = create(prefix + " Shipping");
        mvc.perform(get("/api/v1/customers/" + gone).header("Authorization", ownerToken)).andExpect(status().isOk());
        assertThat(total(mvc.perform(Api.search("phone", PHONE_DIGITS).header("Authorization", ownerToken))))
                .isEqualTo(2);
        tx.execute(s -> erasure.erase(List.of(gone), UUID.randomUUID()));

        String never = UUID.randomUUID().toString();
        for (String id : List.of(gone.toString(), never)) {
            String missing = body(mvc.perform(get("/api/v1/customers/" + id).header("Authorization", ownerToken)),
                    404);
            assertThat(body(mvc.perform(post("/api/v1/customers/" + id + "/reveal").header("Authorization", ownerToken)
                    .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", List.of("phone"),
                            "purpose", "SALES_FOLLOW_UP")))), 404)).isEqualTo(missing);
            assertThat(body(mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", ownerToken)
                    .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields",
                            Map.of("city", "上海"))))), 404)).isEqualTo(missing);
            assertThat(body(mvc.perform(put("/api/v1/customers/" + id + "/activity").header("Authorization",
                    ownerToken).contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("lastContactOn",
                            "2024-01-01")))), 404)).isEqualTo(missing);
            assertThat(body(mvc.perform(get("/api/v1/customers/" + id + "/consents").header("Authorization",
                    ownerToken)), 404)).isEqualTo(missing);
            assertThat(body(mvc.perform(post("/api/v1/customers/" + id + "/consents/withdrawals")
                    .header("Authorization", ownerToken).contentType(MediaType.APPLICATION_JSON)
                    .content(Api.json(Map.of("purposes", List.of("MARKETING"))))), 404)).isEqualTo(missing);
            assertThat(body(mvc.perform(post("/api/v1/customers/" + id + "/break-glass").header("Authorization",
                    ownerToken).contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("justification",
                            "A customer complaint must be answered today.")))), 404)).isEqualTo(missing);
        }
        org.springframework.mock.web.MockHttpSession session = io.custos.support.Pages.signIn(mvc, owner,
                clock.instant());
        mvc.perform(get("/customers/" + gone).session(session)).andExpect(status().isNotFound());
        mvc.perform(get("/customers/" + gone + "/edit").session(session)).andExpect(status().isNotFound());

        // Searches, counts and exports: the other customer only.
        assertThat(total(mvc.perform(get("/api/v1/customers").param("name", prefix).header("Authorization",
                ownerToken)))).isEqualTo(1);
        assertThat(total(mvc.perform(Api.search("phone", PHONE_DIGITS).header("Authorization", ownerToken))))
                .isEqualTo(1);
        assertThat(total(mvc.perform(Api.search("idNumber", "11010519491231002X").header("Authorization",
                ownerToken)))).isEqualTo(1);
        String export = mvc.perform(get("/api/v1/customers/export").param("format", "csv").param("name", prefix)
                .header("Authorization", ownerToken)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(export).contains(kept.toString()).doesNotContain(gone.toString(), "Trading");
        mvc.perform(get("/customers").param("name", prefix).session(session)).andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(gone.toString()))));

        // Nothing of it is stored but ids and times; its events stay and name it by id only.
        assertThat(count("select count(*) from customer_value where customer_id = ?", gone)).isZero();
        assertThat(count("select count(*) from audit_event where target_id = ? and action = 'customer.record.created'",
                gone.toString())).isOne();
        assertThat(String.join("\n", jdbc.sql("select details from audit_event where target_id = ?")
                .param(gone.toString()).query(String.class).list())).doesNotContain("Trading", "1357", "李明");
    }

    private String body(org.springframework.test.web.servlet.ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status)).andReturn().getResponse().getContentAsString()
                .replaceAll("\"instance\":\"[^\"]*\"", "").replaceAll("\"requestId\":\"[^\"]*\"", "");
    }

    private static long total(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return ((Number) Api.body(result.andExpect(status().isOk()).andReturn()).get("total")).longValue();
    }

    UUID create(String company) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("companyName", company);
        fields.put("industry", "进出口贸易");
        fields.put("city", "青岛");
        fields.put("contactName", "李明");
        fields.put("phone", "+86 139 2468 1357");
        fields.put("email", "li.ming@example-trade.cn");
        fields.put("idNumber", "11010519491231002x");
        return UUID.fromString((String) Api.body(mvc.perform(post("/api/v1/customers").header("Authorization",
                ownerToken).contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields,
                        "consent", Consents.full())))).andExpect(status().isCreated()).andReturn()).get("id"));
    }

    long count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
