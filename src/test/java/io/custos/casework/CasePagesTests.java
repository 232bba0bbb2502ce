package io.custos.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The casework pages per person (R-CUS-2, issue 19.4): the head reads the list and the case in
 * Chinese and English in words, never codes; a refused step or a refused new case shows the page
 * again with the reason and what was typed kept; the auditor reads dates and codes as words but
 * neither what the customer wrote nor a step to take; anyone else is told nothing (404).
 */
@IntegrationTest
class CasePagesTests {

    private static final List<String> CODES = List.of("COMPLAINT", "OPEN", "LETTER", "CALL_BACK", "GRANTED", "??");
    private static final Pattern KEY = Pattern.compile("\\b(casework|problem|home)\\.[A-Za-z]");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired Cases cases;
    @Autowired JdbcClient jdbc;

    TestAccounts.Account head;
    TestAccounts.Account owner;
    TestAccounts.Account stranger;
    TestAccounts.Account auditor;
    UUID customer;
    UUID caseId;

    @BeforeEach
    void company() throws Exception {
        clock.set(LocalDate.of(2031, 3, 3).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        Instant now = clock.instant();
        UUID department = accounts.customerDepartment("CP" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        owner = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        stranger = RetentionFixture.person(accounts, documents, now,
                accounts.customerDepartment("CQ" + UUID.randomUUID().toString().substring(0, 6)), Role.EMPLOYEE);
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        customer = RetentionFixture.customer(mvc, Api.token(mvc, owner, now), "Pages Casework Ltd");
        MockHttpSession session = Pages.signIn(mvc, owner, now);
        MockHttpServletResponse entered = mvc.perform(post("/cases").session(session).with(csrf())
                .param("customerId", customer.toString()).param("type", "COMPLAINT").param("channel", "LETTER")
                .param("receivedOn", "2031-03-03").param("text", "The invoice carried my home address."))
                .andReturn().getResponse();
        assertThat(entered.getStatus()).as(entered.getContentAsString()).isEqualTo(302);
        caseId = UUID.fromString(entered.getRedirectedUrl().substring("/cases/".length()));
    }

    @Test
    void theHeadReadsTheListAndTheCaseInBothLanguagesInWords() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, head, clock.instant());
        String en = visibleText(page("/cases", session, "en"));
        assertThat(en).contains("Customer cases", "Complaint", "Pages Casework Ltd", "15 working days left", "Open");
        String zh = visibleText(page("/cases", session, "zh-CN"));
        assertThat(zh).contains("客户事项", "投诉", "剩余 15 个工作日", "办理中");

        Document caseEn = page("/cases/" + caseId, session, "en");
        String text = visibleText(caseEn);
        assertThat(text).contains("Letter, on 2031-03-03", "The invoice carried my home address.",
                "Not verified yet", "The customer's records are kept");
        assertThat(caseEn.getElementById("form-close")).isNotNull();
        assertThat(caseEn.getElementById("replyEn").text()).contains("Dear customer");
        assertThat(caseEn.getElementById("replyZh").text()).contains("尊敬的客户");
        String caseZh = visibleText(page("/cases/" + caseId, session, "zh-CN"));
        assertThat(caseZh).contains("信函，2031-03-03 收到", "尚未核验", "办理记录");
        for (String code : CODES) {
            assertThat(en).doesNotContain(code);
            assertThat(text).doesNotContain(code);
            assertThat(caseZh).doesNotContain(code);
        }
    }

    @Test
    void aRefusedStepShowsThePageAgainWithTheReasonAndTheWordsKept() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, head, clock.instant());
        MockHttpServletResponse refused = mvc.perform(post("/cases/" + caseId + "/close").session(session).with(csrf())
                .header("Accept-Language", "en").param("outcome", "GRANTED")
                .param("replyZh", "我们已核实并处理。").param("replyEn", "We checked and fixed the invoice template."))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).as("the identity was not verified").isEqualTo(409);
        Document page = Jsoup.parse(refused.getContentAsString());
        assertThat(page.getElementById("problem").text()).contains("Verify the customer's identity");
        assertThat(page.getElementById("replyEn").text()).isEqualTo("We checked and fixed the invoice template.");
        assertThat(page.getElementById("replyZh").text()).isEqualTo("我们已核实并处理。");

        // The new-case form keeps what was typed after a refused date.
        MockHttpSession own = Pages.signIn(mvc, owner, clock.instant());
        MockHttpServletResponse bad = mvc.perform(post("/cases").session(own).with(csrf())
                .header("Accept-Language", "zh-CN").param("customerId", customer.toString()).param("type", "CLAIM")
                .param("channel", "EMAIL").param("receivedOn", "2031-03-09").param("text", "货物延误造成损失")
                .param("amount", "800")).andReturn().getResponse();
        assertThat(bad.getStatus()).isEqualTo(422);
        Document form = Jsoup.parse(bad.getContentAsString());
        assertThat(form.getElementById("problem").text()).contains("收到日期须为今天或最近 31 天内");
        assertThat(form.getElementById("text").text()).isEqualTo("货物延误造成损失");
        assertThat(form.getElementById("amount").val()).isEqualTo("800");
        assertThat(form.select("#type option[selected]").val()).isEqualTo("CLAIM");
    }

    @Test
    void theAuditorReadsNoWordsAndNoStepsAndAStrangerIsToldNothing() throws Exception {
        MockHttpSession audit = Pages.signIn(mvc, auditor, clock.instant());
        Document page = page("/cases/" + caseId, audit, "en");
        String text = visibleText(page);
        assertThat(text).contains("Complaint").doesNotContain("home address");
        assertThat(page.getElementById("case-steps")).isNull();
        assertThat(page.getElementById("case-words-hidden")).isNotNull();

        MockHttpSession other = Pages.signIn(mvc, stranger, clock.instant());
        assertThat(mvc.perform(get("/cases/" + caseId).session(other)).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(get("/cases/new").param("customer", customer.toString()).session(other)).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post("/cases/" + caseId + "/note").session(other).with(csrf()).param("text", "x"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("%s: %s", url, response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private static String visibleText(Document page) {
        String text = page.body().text();
        assertThat(KEY.matcher(text).find()).as("a message key shows: %s", text).isFalse();
        return text;
    }
}
