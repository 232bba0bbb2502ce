package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.Notices;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.TestAccounts;

/** R-COL-3: the catalog is data; SECURITY_ADMIN extends it and moves levels, lowering only with a reason. */
@IntegrationTest
class CatalogTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    String security;
    String employee;

    @BeforeEach
    void people() throws Exception {
        security = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(),
                false), clock.instant());
        employee = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
    }

    @Test
    void shipsTheCatalogOfTheRequirements() throws Exception {
        mvc.perform(get("/api/v1/catalog/fields").header("Authorization", employee))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.key == 'companyName')].sensitivity").value(org.hamcrest.Matchers.contains("L1")))
                .andExpect(jsonPath("$[?(@.key == 'tags')].sensitivity").value(org.hamcrest.Matchers.contains("L2")))
                .andExpect(jsonPath("$[?(@.key == 'transactionNotes')].sensitivity").value(org.hamcrest.Matchers.contains("L3")))
                .andExpect(jsonPath("$[?(@.key == 'pricingStrategy')].sensitivity").value(org.hamcrest.Matchers.contains("L4")))
                .andExpect(jsonPath("$[?(@.builtin == true)]").value(org.hamcrest.Matchers.hasSize(16)));
    }

    @Test
    void theSecurityAdministratorAddsFieldsOthersCannot() throws Exception {
        String key = "wechat" + suffix();
        define(employee, key, "L3", "TEXT", false).andExpect(status().isForbidden());
        define(security, key, "L3", "TEXT", true).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("field-not-searchable"));
        define(security, key, "L3", "TEXT", false).andExpect(status().isCreated())
                .andExpect(jsonPath("$.sensitivity").value("L3"));
        neededBySalesFollowUp(key);
        define(security, key.toUpperCase().charAt(0) == 'W' ? "weChat" + key.substring(6) : key, "L2", "TEXT", false)
                .andExpect(status().isConflict());
        define(security, "bad key!", "L1", "TEXT", false).andExpect(status().isUnprocessableContent());
        int notice = Notices.publishCoveringEveryField(mvc, accounts, clock.instant());

        String token = ownerToken();
        String id = (String) Api.body(mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("companyName", "微信字段公司", key, "wx_li_ming_88"),
                        "consent", Consents.under(notice)))))
                .andExpect(status().isCreated()).andReturn()).get("id");
        assertThat(jdbc.sql("select ciphertext from customer_value where customer_id = ? and field_key = ?")
                .params(UUID.fromString(id), key).query(String.class).single()).doesNotContain("li_ming");
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", token))
                .andExpect(jsonPath("$.masked").value(org.hamcrest.Matchers.hasItem(key)));
    }

    @Test
    void raisingALevelEncryptsExistingValuesAndLoweringNeedsAReason() throws Exception {
        String key = "region" + suffix();
        define(security, key, "L2", "TEXT", true).andExpect(status().isCreated());
        neededBySalesFollowUp(key);
        int notice = Notices.publishCoveringEveryField(mvc, accounts, clock.instant());
        String token = ownerToken();
        UUID id = UUID.fromString((String) Api.body(mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("companyName", "升级公司", key, "华东大区"),
                        "consent", Consents.under(notice)))))
                .andExpect(status().isCreated()).andReturn()).get("id"));
        assertThat(plain(id, key)).isEqualTo("华东大区");

        change(employee, key, Map.of("sensitivity", "L3")).andExpect(status().isForbidden());
        change(security, key, Map.of("sensitivity", "L3")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("field-not-searchable"));
        String other = "grade" + suffix();
        define(security, other, "L2", "TEXT", false).andExpect(status().isCreated());
        neededBySalesFollowUp(other);
        mvc.perform(post("/api/v1/customers/" + id + "/consents").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Consents.under(Notices.publishCoveringEveryField(mvc, accounts, clock.instant())))))
                .andExpect(status().isCreated());
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of(other, "甲级"))))).andExpect(status().isOk());

        change(security, other, Map.of("sensitivity", "L4")).andExpect(status().isOk())
                .andExpect(jsonPath("$.sensitivity").value("L4"));
        assertThat(plain(id, other)).isNull();
        assertThat(ciphertext(id, other)).isNotNull().doesNotContain("甲级");
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", token))
                .andExpect(jsonPath("$.masked").value(org.hamcrest.Matchers.hasItem(other)));

        change(security, other, Map.of("sensitivity", "L1")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("reason-required"));
        change(security, other, Map.of("sensitivity", "L1", "reason", "评级已公开发布，见 2026 年年报"))
                .andExpect(status().isOk());
        assertThat(plain(id, other)).isEqualTo("甲级");
        assertThat(ciphertext(id, other)).isNull();
        mvc.perform(get("/api/v1/catalog/fields/" + other + "/level-changes").header("Authorization", security))
                .andExpect(jsonPath("$[*].to").value(org.hamcrest.Matchers.contains("L4", "L1")))
                .andExpect(jsonPath("$[1].reason").value("评级已公开发布，见 2026 年年报"));
        String details = String.join(" ", jdbc.sql("select details from audit_event where action = "
                + "'customer.catalog.level-changed' and target_id = ?").param(other).query(String.class).list());
        assertThat(details).contains("\"lowered\":true", "\"lowered\":false").doesNotContain("年报");
    }

    /** A new field can be collected only once a purpose needs it (R-COL-2). */
    private void neededBySalesFollowUp(String key) throws Exception {
        java.util.List<?> purposes = Api.JSON.readValue(mvc.perform(get("/api/v1/purposes").header("Authorization", security))
                .andReturn().getResponse().getContentAsString(), java.util.List.class);
        java.util.Set<Object> fields = new java.util.TreeSet<>();
        for (Object purpose : purposes) {
            if ("SALES_FOLLOW_UP".equals(((Map<?, ?>) purpose).get("code"))) {
                fields.addAll((java.util.Collection<?>) ((Map<?, ?>) purpose).get("fields"));
            }
        }
        fields.add(key);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                "/api/v1/purposes/SALES_FOLLOW_UP/fields").header("Authorization", security)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields))))
                .andExpect(status().isOk());
    }

    private String ownerToken() throws Exception {
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        return Api.token(mvc, owner, clock.instant());
    }

    private ResultActions define(String token, String key, String level, String kind, boolean searchable)
            throws Exception {
        return mvc.perform(post("/api/v1/catalog/fields").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("key", key, "sensitivity", level, "kind", kind, "searchable", searchable,
                        "labelZh", "测试字段", "labelEn", "Test field"))));
    }

    private ResultActions change(String token, String key, Map<String, String> change) throws Exception {
        return mvc.perform(patch("/api/v1/catalog/fields/" + key).header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(change)));
    }

    private String plain(UUID customer, String key) {
        return jdbc.sql("select plain_value from customer_value where customer_id = ? and field_key = ?")
                .params(customer, key).query(String.class).optional().orElse(null);
    }

    private String ciphertext(UUID customer, String key) {
        return jdbc.sql("select ciphertext from customer_value where customer_id = ? and field_key = ?")
                .params(customer, key).query(String.class).optional().orElse(null);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "").substring(0, 5);
    }
}
