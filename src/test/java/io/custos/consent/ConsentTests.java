package io.custos.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
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
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Notices;
import io.custos.support.TestAccounts;

/** Lawful collection: consent required, necessary fields only, separate consents, withdrawal, re-consent (R-COL-1..5). */
@IntegrationTest
class ConsentTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired ConsentLedger ledger;

    String owner;

    @BeforeEach
    void anOwner() throws Exception {
        owner = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.EMPLOYEE)), clock.instant());
    }

    @Test
    void aCustomerCannotBeCreatedWithoutConsent() throws Exception {
        mvc.perform(post("/api/v1/customers").header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("companyName", "无同意公司")))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("consent"));
        create(Map.of("companyName", "无目的公司"), Consents.of(List.of(), false))
                .andExpect(status().isUnprocessableContent());
        create(Map.of("companyName", "未发布版本公司"), Map.of("noticeVersion", 99, "purposes", List.of("SALES_FOLLOW_UP"),
                "sensitiveConsent", false, "thirdPartyConsent", false, "channel", "EMAIL"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("notice-not-published"));
        create(Map.of("companyName", "错误目的公司"), Consents.of(List.of("TELEPATHY"), false))
                .andExpect(jsonPath("$.code").value("purpose-unknown"));
        assertThat(jdbc.sql("select count(*) from customer c join consent_state s on s.customer_id = c.id")
                .query(Long.class).single()).isEqualTo(jdbc.sql("select count(*) from customer").query(Long.class).single());
    }

    @Test
    void refusesAFieldNoConsentedPurposeNeedsAndL4WithoutTheSeparateConsent() throws Exception {
        create(Map.of("companyName", "必要性公司", "bankAccount", "6222021234567890"),
                Consents.of(List.of("SALES_FOLLOW_UP"), false))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("field-not-necessary"))
                .andExpect(jsonPath("$.field").value("bankAccount"));
        create(Map.of("companyName", "敏感公司", "bankAccount", "6222021234567890"),
                Consents.of(List.of("PAYMENT"), false))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("sensitive-consent-required"))
                .andExpect(jsonPath("$.field").value("bankAccount"));
        create(Map.of("companyName", "敏感公司", "bankAccount", "6222021234567890"),
                Consents.of(List.of("PAYMENT"), true))
                .andExpect(status().isCreated());
    }

    @Test
    void withdrawalStopsThePurposeAtOnceAndFlagsDataNoPurposeNeeds() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("companyName", "撤回公司", "phone", "13700001111",
                "address", "上海市静安区 1 号", "idNumber", "110105194912310021"));
        UUID id = idOf(create(fields, Consents.of(List.of("SALES_FOLLOW_UP", "DELIVERY", "CONTRACT", "MARKETING"), true)));
        assertThat(ledger.consented(id, "MARKETING")).isTrue();

        mvc.perform(post("/api/v1/customers/" + id + "/consents/withdrawals").header("Authorization", owner)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("purposes", List.of("MARKETING", "CONTRACT", "DELIVERY"),
                        "sensitiveConsent", true, "channel", "EMAIL"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.purposes").value(org.hamcrest.Matchers.contains("SALES_FOLLOW_UP")))
                .andExpect(jsonPath("$.sensitiveConsent").value(false));
        assertThat(ledger.consented(id, "MARKETING")).isFalse();
        assertThat(ledger.consented(id, "SALES_FOLLOW_UP")).isTrue();
        assertThat(jdbc.sql("select field_key from customer_field_flag where customer_id = ? order by field_key")
                .param(id).query(String.class).list()).containsExactly("address", "idNumber");
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of("address", "北京市 2 号")))))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.field").value("address"));
        mvc.perform(get("/api/v1/customers/" + id + "/consents").header("Authorization", owner))
                .andExpect(jsonPath("$.history[*].kind").value(org.hamcrest.Matchers.contains("GRANTED", "WITHDRAWN")))
                .andExpect(jsonPath("$.current.purposes").value(org.hamcrest.Matchers.contains("SALES_FOLLOW_UP")));
        assertThat(jdbc.sql("select action from audit_event where target_id = ? order by id").param(id.toString())
                .query(String.class).list()).contains("consent.granted", "consent.withdrawn",
                        "customer.fields.flagged-for-retention");
    }

    @Test
    void aWiderNoticeAsksOlderCustomersToConsentAgainBeforeItsNewDataCanBeUsed() throws Exception {
        UUID id = idOf(create(Map.of("companyName", "旧版同意公司"), Consents.of(List.of("SALES_FOLLOW_UP"), false)));
        String security = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.SECURITY_ADMIN),
                TestAccounts.newSecret(), false), clock.instant());
        String key = "wechat" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 4);
        mvc.perform(post("/api/v1/catalog/fields").header("Authorization", security).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("key", key, "sensitivity", "L3", "kind", "TEXT", "searchable", false,
                        "labelZh", "微信", "labelEn", "WeChat")))).andExpect(status().isCreated());
        List<?> all = Api.JSON.readValue(mvc.perform(get("/api/v1/purposes").header("Authorization", security))
                .andReturn().getResponse().getContentAsString(), List.class);
        Set<Object> fields = new java.util.TreeSet<>();
        all.stream().map(p -> (Map<?, ?>) p).filter(p -> "SALES_FOLLOW_UP".equals(p.get("code")))
                .forEach(p -> fields.addAll((java.util.Collection<?>) p.get("fields")));
        fields.add(key);
        mvc.perform(put("/api/v1/purposes/SALES_FOLLOW_UP/fields").header("Authorization", security)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(Map.of("fields", fields))))
                .andExpect(status().isOk());

        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of(key, "wx_old_customer")))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("field-not-in-notice"));

        int version = Notices.publishCoveringEveryField(mvc, accounts, clock.instant());
        mvc.perform(get("/api/v1/customers/reconsent").header("Authorization", owner))
                .andExpect(jsonPath("$.items[*].id").value(org.hamcrest.Matchers.hasItem(id.toString())));
        mvc.perform(post("/api/v1/customers/" + id + "/consents").header("Authorization", owner)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("noticeVersion", version, "purposes", List.of("SALES_FOLLOW_UP"),
                        "sensitiveConsent", false, "thirdPartyConsent", false, "channel", "PORTAL"))))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/v1/customers/reconsent").header("Authorization", owner))
                .andExpect(jsonPath("$.items[*].id").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id.toString()))));
        mvc.perform(patch("/api/v1/customers/" + id).header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", Map.of(key, "wx_old_customer"))))).andExpect(status().isOk());
    }

    @Test
    void noticesAreDraftedByAdministrationApprovedByManagementAndNeverChangedOncePublished() throws Exception {
        String officer = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER)), clock.instant());
        String management = Api.token(mvc, accounts.create(clock.instant(), Set.of(Role.MANAGEMENT),
                TestAccounts.newSecret(), false), clock.instant());
        mvc.perform(post("/api/v1/privacy-notices").header("Authorization", owner)).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/privacy-notices").header("Authorization", management)).andExpect(status().isForbidden());
        Map<String, Object> draft = Api.body(mvc.perform(post("/api/v1/privacy-notices").header("Authorization", officer))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("DRAFT")).andReturn());
        int version = ((Number) draft.get("version")).intValue();
        mvc.perform(post("/api/v1/privacy-notices").header("Authorization", officer)).andExpect(status().isConflict());
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/approval").header("Authorization", management))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/submission").header("Authorization", officer))
                .andExpect(jsonPath("$.status").value("SUBMITTED"));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/approval").header("Authorization", officer))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/rejection").header("Authorization", management))
                .andExpect(jsonPath("$.status").value("DRAFT"));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/submission").header("Authorization", officer));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/approval").header("Authorization", management))
                .andExpect(jsonPath("$.status").value("APPROVED"));
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/publication").header("Authorization", management))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/privacy-notices/" + version + "/publication").header("Authorization", officer))
                .andExpect(jsonPath("$.status").value("PUBLISHED"));
        mvc.perform(put("/api/v1/privacy-notices/" + version).header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("titleZh", "改", "titleEn", "Changed", "bodyZh", "改", "bodyEn", "Changed",
                        "purposes", List.of("SALES_FOLLOW_UP"), "categories", List.of("companyName")))))
                .andExpect(status().isConflict());
        mvc.perform(get("/api/v1/privacy-notices/1").header("Authorization", owner))
                .andExpect(jsonPath("$.status").value("PUBLISHED"))
                .andExpect(jsonPath("$.bodyZh").value(org.hamcrest.Matchers.containsString("保护措施")));
        assertThat(jdbc.sql("select action from audit_event where target_type = 'privacy-notice' and target_id = ? "
                + "order by id").param("v" + version)
                .query(String.class).list()).containsExactly("consent.notice.drafted", "consent.notice.submitted",
                        "consent.notice.sent-back", "consent.notice.submitted", "consent.notice.approved",
                        "consent.notice.published");
    }

    @Test
    void evidenceIsStoredEncryptedWithItsHashOnTheRecord() throws Exception {
        UUID id = idOf(create(Map.of("companyName", "凭证公司"), Consents.of(List.of("SALES_FOLLOW_UP"), false)));
        UUID consent = UUID.fromString(String.valueOf(((Map<?, ?>) ((List<?>) Api.body(mvc.perform(
                get("/api/v1/customers/" + id + "/consents").header("Authorization", owner)).andReturn())
                .get("history")).get(0)).get("id")));
        byte[] scan = "%PDF-1.4 signed consent form of 凭证公司 contact 13500002222".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        mvc.perform(multipart("/api/v1/customers/" + id + "/consents/" + consent + "/evidence")
                .file(new MockMultipartFile("file", "scan.txt", "text/plain", scan)).header("Authorization", owner))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(multipart("/api/v1/customers/" + id + "/consents/" + consent + "/evidence")
                .file(new MockMultipartFile("file", "scan.pdf", "application/pdf", scan)).header("Authorization", owner))
                .andExpect(status().isNoContent());
        assertThat(jdbc.sql("select ciphertext from consent_evidence where consent_id = ?").param(consent)
                .query(String.class).single()).doesNotContain("PDF", "13500002222");
        mvc.perform(get("/api/v1/customers/" + id + "/consents").header("Authorization", owner))
                .andExpect(jsonPath("$.history[0].evidenceSha256").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")));
    }

    private ResultActions create(Map<String, String> fields, Map<String, Object> consent) throws Exception {
        return mvc.perform(post("/api/v1/customers").header("Authorization", owner).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", consent))));
    }

    private static UUID idOf(ResultActions created) throws Exception {
        return UUID.fromString((String) Api.body(created.andExpect(status().isCreated()).andReturn()).get("id"));
    }
}
