package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * The activity dates retention counts from (issue 16, R-DEL-1): set on creation, recorded later by
 * whoever may edit the record, shown to whoever may see it, never in the future where the person
 * is, never erased, audited with the dates.
 */
@IntegrationTest
class CustomerActivityTests {

    /** Noon UTC on 1 June: already 2 June in Kiritimati (UTC+14), still 1 June in Pago Pago (UTC-11). */
    static final Instant NOON_UTC = Instant.parse("2026-06-01T12:00:00Z");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    UUID department;
    TestAccounts.Account owner;
    String ownerToken;

    @BeforeEach
    void anOwnerInASalesDepartment() throws Exception {
        clock.set(NOON_UTC);
        department = UUID.randomUUID();
        String code = "A" + department.toString().substring(0, 6);
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, ?, ?, current_timestamp)")
                .params(department, code, code, code).update();
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, owner.id()).update();
        ownerToken = Api.token(mvc, owner, clock.instant());
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void datesGivenOnCreationAreShownAndAudited() throws Exception {
        UUID id = create(ownerToken, Map.of("lastContactOn", "2026-05-20", "lastTransactionOn", "2025-12-31"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.lastContactOn").value("2026-05-20"))
                .andExpect(jsonPath("$.lastTransactionOn").value("2025-12-31"))
                .andReturn().getResponse().getHeader("Location").transform(l -> UUID.fromString(
                        l.substring(l.lastIndexOf('/') + 1)));
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.record.created' and target_id = ?")
                .param(id.toString()).query(String.class).single()).contains("\"lastContactOn\":20260520",
                        "\"lastTransactionOn\":20251231");
        // Without dates, a customer has none.
        create(ownerToken, Map.of()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.lastContactOn").doesNotExist());
    }

    @Test
    void aFutureDateIsRefusedWhereThePersonIsNotWhereTheServerIs() throws Exception {
        // R-DEL-1 abuse: a salesperson putting a customer's last contact in the future to put off destruction.
        create(ownerToken, Map.of("lastContactOn", "2026-06-02")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("activity-date-in-future"))
                .andExpect(jsonPath("$.field").value("lastContactOn"));
        UUID id = idOf(create(ownerToken, Map.of()));
        jdbc.sql("update employee set time_zone = 'Pacific/Pago_Pago' where id = ?").param(owner.id()).update();
        activity(ownerToken, id, Map.of("lastTransactionOn", "2026-06-02"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("activity-date-in-future"))
                .andExpect(jsonPath("$.field").value("lastTransactionOn"))
                .andExpect(jsonPath("$.title").exists());
        jdbc.sql("update employee set time_zone = 'Pacific/Kiritimati' where id = ?").param(owner.id()).update();
        activity(ownerToken, id, Map.of("lastTransactionOn", "2026-06-02")).andExpect(status().isOk())
                .andExpect(jsonPath("$.lastTransactionOn").value("2026-06-02"));
        activity(ownerToken, id, Map.of("lastTransactionOn", "2026-06-03"))
                .andExpect(status().isUnprocessableContent());
        activity(ownerToken, id, Map.of("lastContactOn", "1899-12-31"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("activity-date-invalid"));
        activity(ownerToken, id, Map.of("lastContactOn", "not a date")).andExpect(status().isBadRequest());
        assertThat(jdbc.sql("select last_transaction_on from customer where id = ?").param(id)
                .query(java.time.LocalDate.class).single()).isEqualTo("2026-06-02");
    }

    @Test
    void aNullDateKeepsTheRecordedOneSoNoDateCanBeErased() throws Exception {
        UUID id = idOf(create(ownerToken, Map.of("lastContactOn", "2026-01-10", "lastTransactionOn", "2025-03-01")));
        activity(ownerToken, id, Map.of("lastContactOn", "2026-05-31")).andExpect(status().isOk())
                .andExpect(jsonPath("$.lastContactOn").value("2026-05-31"))
                .andExpect(jsonPath("$.lastTransactionOn").value("2025-03-01"));
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("lastContactOn", null);
        nulls.put("lastTransactionOn", null);
        activity(ownerToken, id, nulls).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("activity-dates-required"));
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", ownerToken))
                .andExpect(jsonPath("$.lastContactOn").value("2026-05-31"))
                .andExpect(jsonPath("$.lastTransactionOn").value("2025-03-01"));
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.activity.recorded' "
                + "and target_id = ?").param(id.toString()).query(String.class).single())
                .contains("\"lastContactOn\":20260531", "\"lastTransactionOn\":20250301");
        // A version the caller saw before someone else's change: 409.
        activity(ownerToken, id, Map.of("lastContactOn", "2026-05-30", "version", 0))
                .andExpect(status().isConflict());
    }

    @Test
    void onlyWhoMayEditRecordsDatesAndWhoMaySeeTheRecordSeesThem() throws Exception {
        UUID id = idOf(create(ownerToken, Map.of("lastContactOn", "2026-04-01")));
        // A colleague of the department may look (look-only relation) but not record: 403.
        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, colleague.id()).update();
        String colleagueToken = Api.token(mvc, colleague, clock.instant());
        mvc.perform(get("/api/v1/customers/" + id).header("Authorization", colleagueToken))
                .andExpect(status().isOk()).andExpect(jsonPath("$.lastContactOn").value("2026-04-01"));
        activity(colleagueToken, id, Map.of("lastContactOn", "2026-05-01")).andExpect(status().isForbidden());
        // A stranger gets the 404 of a customer that does not exist.
        TestAccounts.Account stranger = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        activity(Api.token(mvc, stranger, clock.instant()), id, Map.of("lastContactOn", "2026-05-01"))
                .andExpect(status().isNotFound());
        activity(ownerToken, UUID.randomUUID(), Map.of("lastContactOn", "2026-05-01")).andExpect(status().isNotFound());
        assertThat(jdbc.sql("select last_contact_on from customer where id = ?").param(id)
                .query(java.time.LocalDate.class).single()).isEqualTo("2026-04-01");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'customer.activity.recorded' "
                + "and target_id = ? and outcome = 'DENIED'").param(id.toString()).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void thePageShowsTheDatesInBothLanguagesAndRecordsThemForWhoMayEdit() throws Exception {
        UUID id = idOf(create(ownerToken, Map.of("lastTransactionOn", "2025-11-30")));
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String zh = mvc.perform(get("/customers/" + id).session(session).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(zh).contains("最近联系", "最近交易", "2025-11-30", "未记录", "id=\"activity-form\"");
        mvc.perform(post("/customers/" + id + "/activity").session(session).with(csrf())
                .param("lastContactOn", "2026-06-05").param("lastTransactionOn", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("activityProblem", "problem.activity-date-in-future.detail"))
                .andExpect(flash().attribute("activityLastContactOn", "2026-06-05"));
        mvc.perform(post("/customers/" + id + "/activity").session(session).with(csrf())
                .param("lastContactOn", "2026-05-15").param("lastTransactionOn", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "customer.activity.recorded"));
        String en = mvc.perform(get("/customers/" + id).session(session).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(en).contains("Last contact", "Last transaction", "2026-05-15", "2025-11-30");

        TestAccounts.Account colleague = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, colleague.id()).update();
        MockHttpSession look = Pages.signIn(mvc, colleague, clock.instant());
        String seen = mvc.perform(get("/customers/" + id).session(look)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(seen).contains("2026-05-15").doesNotContain("id=\"activity-form\"");
        mvc.perform(post("/customers/" + id + "/activity").session(look).with(csrf()).param("lastContactOn",
                "2026-05-20")).andExpect(status().isForbidden());
    }

    @Test
    void theCreateFormTakesTheDatesAndKeepsThemAfterAProblem() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String form = mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "日期表单公司").param("lastContactOn", "2030-01-01")
                        .param("lastTransactionOn", "2026-02-03")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("value=\"2030-01-01\"", "value=\"2026-02-03\"", "日期表单公司", "is-invalid");
        String location = mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "日期表单公司").param("lastContactOn", "2026-01-01")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        assertThat(jdbc.sql("select last_contact_on from customer where id = ?").param(id)
                .query(java.time.LocalDate.class).single()).isEqualTo("2026-01-01");
    }

    /** Issue 16: other modules' notices (a legal hold) head the customer's page, in words and the reader's dates. */
    @Test
    void noticesFromOtherModulesHeadTheCustomersPage() throws Exception {
        UUID id = idOf(create(ownerToken, Map.of()));
        UUID other = idOf(create(ownerToken, Map.of()));
        TestCustomerNotices.NOTICES.put(id, java.util.List.of(
                new CustomerNotices.CustomerNotice("customer.conflict.theirs", java.util.List.of(
                        java.time.LocalDate.parse("2026-04-30")), CustomerNotices.Severity.DANGER),
                new CustomerNotices.CustomerNotice("customer.conflict.theirs", java.util.List.of(
                        new org.springframework.context.support.DefaultMessageSourceResolvable("customer.lastContactOn")),
                        CustomerNotices.Severity.INFO)));
        try {
            MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
            String en = mvc.perform(get("/customers/" + id).session(session).header("Accept-Language", "en"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(en).contains("alert-danger", "Saved meanwhile: 2026-04-30", "alert-info",
                    "Saved meanwhile: Last contact");
            String zh = mvc.perform(get("/customers/" + id).session(session).header("Accept-Language", "zh-CN"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(zh).contains("对方已保存：最近联系", "对方已保存：2026-04-30");
            assertThat(mvc.perform(get("/customers/" + other).session(session)).andReturn().getResponse()
                    .getContentAsString()).doesNotContain("customer-notice");
        } finally {
            TestCustomerNotices.NOTICES.remove(id);
        }
    }

    private ResultActions create(String token, Map<String, String> dates) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(dates);
        body.put("fields", Map.of("companyName", "活动日期公司 " + UUID.randomUUID().toString().substring(0, 6)));
        body.put("consent", Consents.of(java.util.List.of("SALES_FOLLOW_UP"), false));
        return mvc.perform(post("/api/v1/customers").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body)));
    }

    private ResultActions activity(String token, UUID id, Map<String, ?> body) throws Exception {
        return mvc.perform(put("/api/v1/customers/" + id + "/activity").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(Api.json(body)));
    }

    private static UUID idOf(ResultActions created) throws Exception {
        return UUID.fromString((String) Api.body(created.andExpect(status().isCreated()).andReturn()).get("id"));
    }
}
