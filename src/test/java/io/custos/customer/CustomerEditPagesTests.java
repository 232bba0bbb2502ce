package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
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
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.support.Consents;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;

/**
 * Issue 14.1: an edit form shown again after an error keeps every value typed, so saving again
 * clears nothing; a conflict with someone else's change shows their values next to yours and
 * replaces them only when asked to.
 */
@IntegrationTest
class CustomerEditPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account owner;
    TestAccounts.Account head;
    UUID id;
    Map<String, String> original;

    @BeforeEach
    void aCustomerOfAnOwnerAndTheirDepartmentHead() throws Exception {
        UUID department = accounts.department("E" + UUID.randomUUID().toString().substring(0, 6));
        owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        head = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE, Role.DEPT_HEAD));
        accounts.moveTo(head, department);
        original = new LinkedHashMap<>();
        original.put("companyName", "编辑保留贸易公司");
        original.put("industry", "进出口贸易");
        original.put("city", "青岛");
        original.put("country", "中国");
        original.put("contactName", "孙编辑");
        original.put("jobTitle", "采购经理");
        original.put("phone", "13800001234");
        id = UUID.fromString((String) Api.body(mvc.perform(post("/api/v1/customers")
                .header("Authorization", Api.token(mvc, owner, clock.instant())).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(Map.of("fields", original, "consent", Consents.full()))))
                .andExpect(status().isCreated()).andReturn()).get("id"));
    }

    @Test
    void aFormShownAgainAfterAnErrorKeepsEveryValueAndSavingAgainClearsNothing() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        // The form as it is sent back: every plain value as shown, the phone typed wrong.
        String page = mvc.perform(form(session, "0", "12345", Map.of()).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (String key : List.of("companyName", "industry", "city", "country", "contactName", "jobTitle")) {
            assertThat(page).as(key).contains("name=\"f." + key + "\"", "value=\"" + original.get(key) + "\"");
        }
        assertThat(page).contains("id=\"problem\"", "value=\"12345\"", "name=\"version\" value=\"0\"");

        mvc.perform(form(session, "0", "13900005678", Map.of())).andExpect(redirectedUrl("/customers/" + id));
        assertThat(plainValues()).containsAllEntriesOf(Map.of("companyName", "编辑保留贸易公司", "industry", "进出口贸易",
                "city", "青岛", "country", "中国", "contactName", "孙编辑", "jobTitle", "采购经理"));
        assertThat(jdbc.sql("select details from audit_event where action = 'customer.record.updated' "
                + "and target_id = ?").param(id.toString()).query(String.class).list())
                .singleElement().asString().contains("\"cleared\":[]");
    }

    @Test
    void aConflictShowsTheirValuesNextToMineAndReplacesThemOnlyWhenAskedTo() throws Exception {
        MockHttpSession mine = Pages.signIn(mvc, owner, clock.instant());
        MockHttpSession theirs = Pages.signIn(mvc, head, clock.instant());
        // Both opened version 0; the head saves first.
        mvc.perform(form(theirs, "0", "", Map.of("city", "上海", "jobTitle", "总经理")))
                .andExpect(redirectedUrl("/customers/" + id));

        String conflict = mvc.perform(form(mine, "0", "", Map.of("contactName", "孙新联系人"))
                .header("Accept-Language", "zh-CN")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(conflict).contains("id=\"conflict\"", "您编辑期间，他人已保存了该客户。", "value=\"孙新联系人\"",
                "value=\"青岛\"", "对方已保存：上海", "对方已保存：总经理", "id=\"keep-mine\"", "name=\"overwrite\" value=\"1\"",
                "id=\"take-theirs\"", "id=\"theirs-city\"", "id=\"theirs-jobTitle\"")
                .doesNotContain("id=\"save\"", "id=\"theirs-contactName\"", "id=\"theirs-industry\"");
        assertThat(plainValues()).containsEntry("city", "上海").containsEntry("jobTitle", "总经理")
                .containsEntry("contactName", "孙编辑");

        // Sending the same form again (Enter in a field) does not overwrite either.
        mvc.perform(form(mine, "0", "", Map.of("contactName", "孙新联系人"))).andExpect(status().isOk());
        assertThat(plainValues()).containsEntry("city", "上海").containsEntry("contactName", "孙编辑");

        // The explicit choice replaces theirs with mine.
        mvc.perform(form(mine, "0", "", Map.of("contactName", "孙新联系人")).param("overwrite", "1"))
                .andExpect(redirectedUrl("/customers/" + id));
        assertThat(plainValues()).containsEntry("city", "青岛").containsEntry("jobTitle", "采购经理")
                .containsEntry("contactName", "孙新联系人");
    }

    @Test
    void replacingTheirValuesIsRefusedAgainWhenAThirdChangeCameInBetween() throws Exception {
        MockHttpSession mine = Pages.signIn(mvc, owner, clock.instant());
        MockHttpSession theirs = Pages.signIn(mvc, head, clock.instant());
        mvc.perform(form(theirs, "0", "", Map.of("city", "上海"))).andExpect(redirectedUrl("/customers/" + id));
        mvc.perform(form(mine, "0", "", Map.of("contactName", "孙新联系人"))).andExpect(status().isOk());
        mvc.perform(form(theirs, "1", "", Map.of("city", "厦门"))).andExpect(redirectedUrl("/customers/" + id));
        String again = mvc.perform(form(mine, "0", "", Map.of("contactName", "孙新联系人")).param("overwrite", "1")
                .header("Accept-Language", "en")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(again).contains("Saved meanwhile: 厦门", "name=\"overwrite\" value=\"2\"");
        assertThat(plainValues()).containsEntry("city", "厦门").containsEntry("contactName", "孙编辑");
    }

    /** The edit form as a browser sends it: every plain field as first shown, with these changes. */
    private MockHttpServletRequestBuilder form(MockHttpSession session, String version, String phone,
            Map<String, String> changes) {
        MockHttpServletRequestBuilder request = post("/customers/" + id).session(session).with(csrf())
                .param("version", version).param("f.phone", phone);
        request.param("o.version", version);
        for (String key : List.of("companyName", "industry", "city", "country", "contactName", "jobTitle")) {
            request.param("f." + key, changes.getOrDefault(key, original.get(key)));
            request.param("o." + key, original.get(key));
        }
        return request;
    }

    private Map<String, String> plainValues() {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.sql("select field_key, plain_value from customer_value where customer_id = ? and plain_value is not null")
                .param(id).query(rs -> {
                    values.put(rs.getString(1), rs.getString(2));
                });
        return values;
    }
}
