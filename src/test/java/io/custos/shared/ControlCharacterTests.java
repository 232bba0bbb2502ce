package io.custos.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 13.13: NUL bytes and other control characters were stored in company names. Every text
 * field refuses them, through the API (422 naming the field) and the pages (the translated message
 * next to the field); tab and line breaks only where a field holds several lines.
 */
@IntegrationTest
class ControlCharacterTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired Employees employees;
    @Autowired JdbcClient jdbc;

    @Test
    void aCompanyNameWithANulByteIsRefusedByTheApiNamingTheField() throws Exception {
        String token = Api.token(mvc, employee(), clock.instant());
        String name = "NUL 贸易" + UUID.randomUUID().toString().substring(0, 6);

        MvcResult nul = create(token, Map.of("companyName", name + "\u0000Ltd"));
        MvcResult escape = create(token, Map.of("companyName", name, "contactName", "Li\u001b[31mMing"));
        MvcResult c1 = create(token, Map.of("companyName", name + "\u0085"));

        for (MvcResult result : List.of(nul, escape, c1)) {
            assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(422);
            assertThat(Api.body(result)).containsEntry("code", "control-characters");
        }
        assertThat(Api.body(nul)).containsEntry("field", "fields.companyName");
        assertThat(Api.body(escape)).containsEntry("field", "fields.contactName");
        assertThat(nul.getResponse().getContentAsString()).doesNotContain(name);
        assertThat(storedNames(name)).isZero();
    }

    @Test
    void aTabOrLineBreakIsRefusedInAOneLineFieldButKeptInAMultiLineOne() throws Exception {
        String token = Api.token(mvc, employee(), clock.instant());
        String name = "Tab 贸易" + UUID.randomUUID().toString().substring(0, 6);

        MvcResult tab = create(token, Map.of("companyName", name + "\tLtd"));
        assertThat(tab.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(tab)).containsEntry("code", "field-value-invalid").containsEntry("field", "companyName")
                .containsEntry("reason", "control-characters");

        MvcResult address = create(token, Map.of("companyName", name, "address", "北京市朝阳区\n建国路 88 号\t3 层"));
        assertThat(address.getResponse().getStatus()).as(address.getResponse().getContentAsString()).isEqualTo(201);
    }

    @Test
    void otherApiTextAndParametersAreRefusedToo() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(),
                false);
        String token = Api.token(mvc, admin, clock.instant());
        String code = "C" + System.nanoTime() % 100000;

        MvcResult department = mvc.perform(post("/api/v1/departments").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("code", code, "nameZh", "测试部", "nameEn", "Test\u0000Dept")))).andReturn();
        assertThat(department.getResponse().getStatus()).isEqualTo(422);
        assertThat(Api.body(department)).containsEntry("code", "control-characters").containsEntry("field", "nameEn");
        assertThat(employees.departmentByCode(code)).isEmpty();

        TestAccounts.Account auditor = accounts.create(clock.instant(), Set.of(Role.AUDITOR), TestAccounts.newSecret(),
                false);
        MvcResult search = mvc.perform(get("/api/v1/audit/events").param("action", "customer\u0000")
                .header("Authorization", Api.token(mvc, auditor, clock.instant()))).andReturn();
        assertThat(search.getResponse().getStatus()).isEqualTo(422);
        assertThat(search.getResponse().getContentAsString()).contains("action");
    }

    @Test
    void theCustomerFormShowsTheRefusalNextToTheFieldAndKeepsTheValues() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, employee(), clock.instant());
        String name = "页面 NUL " + UUID.randomUUID().toString().substring(0, 6);

        String page = mvc.perform(post("/customers").session(session).with(csrf()).header("Accept-Language", "zh-CN")
                        .param("f.companyName", name + "\u0000").param("f.contactName", "周页")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("is-invalid", "周页");
        assertThat(storedNames(name)).isZero();
    }

    @Test
    void theDepartmentFormShowsTheTranslatedMessageNextToTheField() throws Exception {
        TestAccounts.Account admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN), TestAccounts.newSecret(),
                false);
        MockHttpSession session = Pages.signIn(mvc, admin, clock.instant());
        String code = "P" + System.nanoTime() % 100000;

        String page = mvc.perform(post("/admin/departments").session(session).with(csrf())
                        .header("Accept-Language", "zh-CN")
                        .param("code", code).param("nameZh", "页面\u0007部").param("nameEn", "Pages"))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("包含无法保存的控制字符", "is-invalid").doesNotContain("typeMismatch");
        assertThat(employees.departmentByCode(code)).isEmpty();
    }

    @Test
    void anImportedRowWithControlCharactersIsReportedAndNotWritten() throws Exception {
        String token = Api.token(mvc, employee(), clock.instant());
        String name = "Import " + UUID.randomUUID().toString().substring(0, 6);
        byte[] csv = ("companyName,contactName\r\n" + name + " A,Li\u001bMing\r\n" + name + " B,Wang\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        MvcResult started = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .multipart("/api/v1/customers/imports")
                        .file(new org.springframework.mock.web.MockMultipartFile("file", "c.csv", "text/csv", csv))
                        .param("mode", "SKIP_INVALID").param("consent", Api.json(Consents.full()))
                        .header("Authorization", token))
                .andReturn();
        assertThat(started.getResponse().getStatus()).as(started.getResponse().getContentAsString()).isEqualTo(202);
        String id = Api.body(started).get("id").toString();
        Map<String, Object> status = Map.of();
        for (int i = 0; i < 200 && !"DONE".equals(status.get("status")); i++) {
            Thread.sleep(100);
            status = Api.body(mvc.perform(get("/api/v1/customers/imports/" + id).header("Authorization", token))
                    .andReturn());
        }

        assertThat(status).containsEntry("status", "DONE").containsEntry("created", 1).containsEntry("skipped", 1);
        assertThat(status.get("errors")).isEqualTo(List.of(Map.of("row", 2, "field", "contactName", "reason",
                "control-characters")));
        assertThat(storedNames(name + " A")).isZero();
        assertThat(storedNames(name + " B")).isOne();
    }

    private TestAccounts.Account employee() {
        TestAccounts.Account account = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(account, accounts.department("K" + UUID.randomUUID().toString().substring(0, 6)));
        return account;
    }

    private MvcResult create(String token, Map<String, String> fields) throws Exception {
        return mvc.perform(post("/api/v1/customers").header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", fields, "consent", Consents.of(List.of("SALES_FOLLOW_UP", "DELIVERY"),
                        false))))).andReturn();
    }

    private long storedNames(String name) {
        return jdbc.sql("select count(*) from customer_value where plain_value like ?").param(name + "%")
                .query(Long.class).single();
    }
}
