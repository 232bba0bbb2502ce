package io.custos.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
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
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The risk-report and incident pages (issue 20.3, 20.4) in both languages, in words and never codes:
 * an employee reports anonymously and follows the report by its code; a refused form shows the
 * reason and keeps what was typed; IT security opens an incident and sees its clocks, notices and
 * steps; the auditor sees no words and no steps; an employee is told nothing of incidents (404).
 */
@IntegrationTest
class IncidentPagesTests {

    private static final List<String> CODES = List.of("GENERAL", "REGULATOR_INITIAL", "CUSTOMERS", "OPEN", "LOST_DEVICE",
            "CONTACT", "NOT_REQUIRED", "??");
    private static final Pattern KEY = Pattern.compile("\\b(risk|incident|problem|home)\\.[A-Za-z]");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired RiskReports riskReports;

    TestAccounts.Account employee;
    TestAccounts.Account security;
    TestAccounts.Account auditor;
    UUID customer;

    @BeforeEach
    void company() throws Exception {
        clock.set(LocalDate.of(2031, 6, 2).atTime(14, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        Instant now = clock.instant();
        UUID department = accounts.customerDepartment("IP" + UUID.randomUUID().toString().substring(0, 6));
        employee = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        security = accounts.create(now, Set.of(Role.SECURITY_ADMIN), TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, now, security, EnumSet.of(Role.SECURITY_ADMIN));
        auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        Gate.pass(documents, accounts, now, auditor, EnumSet.of(Role.AUDITOR));
        customer = RetentionFixture.customer(mvc, Api.token(mvc, employee, now), "Pages Incident Trading");
    }

    @Test
    void anEmployeeReportsAnonymouslyAndFollowsTheAnswerByCode() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, employee, clock.instant());
        String form = visibleText(page("/risk-reports/new", session, "zh-CN"));
        assertThat(form).contains("报告安全风险", "匿名报告", "设备或纸质资料遗失、被盗");

        // Refused without words: the page keeps the choice.
        MockHttpServletResponse refused = mvc.perform(post("/risk-reports").session(session).with(csrf())
                .header("Accept-Language", "en").param("category", "LOST_DEVICE").param("description", " ")
                .param("anonymous", "true")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(refused.getContentAsString());
        // The message names the field and sits at it (F8, F9).
        assertThat(again.getElementById("problem").text()).isEqualTo("Write what you saw.");
        assertThat(again.getElementById("description").hasClass("is-invalid")).isTrue();
        assertThat(again.select("#category option[selected]").val()).isEqualTo("LOST_DEVICE");
        assertThat(again.getElementById("anonymous").hasAttr("checked")).isTrue();

        MockHttpServletResponse sent = mvc.perform(post("/risk-reports").session(session).with(csrf())
                .header("Accept-Language", "en").param("category", "LOST_DEVICE")
                .param("description", "My tablet with the visit notes was taken from the car.").param("anonymous", "true"))
                .andReturn().getResponse();
        assertThat(sent.getStatus()).isEqualTo(200);
        Document done = Jsoup.parse(sent.getContentAsString());
        String code = done.getElementById("follow-up-code").text();
        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(visibleText(done)).contains("Report received", "shown only now");

        // Nothing of it in the employee's own list.
        assertThat(page("/risk-reports", session, "en").getElementById("risk-list")).isNull();

        MockHttpServletResponse followed = mvc.perform(post("/risk-reports/follow").session(session).with(csrf())
                .header("Accept-Language", "en").param("code", code)).andReturn().getResponse();
        assertThat(followed.getStatus()).isEqualTo(200);
        String followText = visibleText(Jsoup.parse(followed.getContentAsString()));
        assertThat(followText).contains("Waiting for IT security", "Lost or stolen device or papers");
        for (String c : CODES) {
            assertThat(followText).doesNotContain(c);
        }
        assertThat(mvc.perform(post("/risk-reports/follow").session(session).with(csrf()).param("code", "ZZZZ-ZZZZ-ZZZZ"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        // IT security sees it as anonymous and decides; the form names no reporter.
        MockHttpSession it = Pages.signIn(mvc, security, clock.instant());
        UUID id = jdbc.sql("select id from incident_risk_report where follow_code_hash = ?")
                .param(RiskReports.hash(code)).query(UUID.class).single();
        Document report = page("/risk-reports/" + id, it, "zh-CN");
        assertThat(visibleText(report)).contains("匿名", "等待信息安全部门处理");
        assertThat(report.getElementById("form-triage")).isNotNull();
        assertThat(report.select("#triage-categories legend").text()).isEqualTo("涉及的数据类别");
        // Refused without an answer: the ticked categories stay ticked and the answer field says what is missing (F6, F8, F9).
        MockHttpServletResponse unanswered = mvc.perform(post("/risk-reports/" + id + "/triage").session(it).with(csrf())
                .header("Accept-Language", "en").param("decision", "RAISED").param("severity", "GENERAL")
                .param("categories", "CONTACT").param("categories", "TRANSACTION").param("answer", " "))
                .andReturn().getResponse();
        assertThat(unanswered.getStatus()).isEqualTo(422);
        Document refusedTriage = Jsoup.parse(unanswered.getContentAsString());
        assertThat(refusedTriage.getElementById("cat-CONTACT").hasAttr("checked")).isTrue();
        assertThat(refusedTriage.getElementById("cat-TRANSACTION").hasAttr("checked")).isTrue();
        assertThat(refusedTriage.getElementById("cat-BUSINESS").hasAttr("checked")).isFalse();
        assertThat(refusedTriage.getElementById("answer").hasClass("is-invalid")).isTrue();
        assertThat(refusedTriage.select("#form-triage .invalid-feedback").text()).isEqualTo("Write your answer to the reporter.");
        assertThat(refusedTriage.select("#problem")).as("one message, at the answer").hasSize(1);
        MockHttpServletResponse triaged = mvc.perform(post("/risk-reports/" + id + "/triage").session(it).with(csrf())
                .param("decision", "FIXED").param("answer", "The tablet was wiped remotely.")).andReturn().getResponse();
        assertThat(triaged.getStatus()).isEqualTo(302);
        MockHttpServletResponse answered = mvc.perform(post("/risk-reports/follow").session(session).with(csrf())
                .header("Accept-Language", "zh-CN").param("code", code)).andReturn().getResponse();
        assertThat(visibleText(Jsoup.parse(answered.getContentAsString()))).contains("已整改", "The tablet was wiped remotely.");
    }

    @Test
    void tooManyWrongCodesAreRefusedInWordsKeepingNothingOfTheCode() throws Exception {
        riskReports.forgetWrongCodes();
        MockHttpSession session = Pages.signIn(mvc, employee, clock.instant());
        for (int i = 0; i < 10; i++) {
            assertThat(follow(session, "ZZZZ-ZZZZ-ZZZ" + i, "en").getStatus()).isEqualTo(404);
        }
        MockHttpServletResponse held = follow(session, "ZZZZ-ZZZZ-ZZZZ", "en");
        assertThat(held.getStatus()).isEqualTo(429);
        Document page = Jsoup.parse(held.getContentAsString());
        assertThat(page.getElementById("follow-throttled").text()).contains("Too many wrong follow-up codes");
        assertThat(page.getElementById("follow-unknown")).isNull();
        assertThat(visibleText(page)).doesNotContain("risk-follow-throttled");
        MockHttpServletResponse chinese = follow(session, "ZZZZ-ZZZZ-ZZZZ", "zh-CN");
        assertThat(chinese.getStatus()).isEqualTo(429);
        assertThat(visibleText(Jsoup.parse(chinese.getContentAsString()))).contains("错误查询码过多", "一刻钟");
        riskReports.forgetWrongCodes();
    }

    private MockHttpServletResponse follow(MockHttpSession session, String code, String language) throws Exception {
        return mvc.perform(post("/risk-reports/follow").session(session).with(csrf()).with(r -> {
            r.setRemoteAddr("192.0.2.44");
            return r;
        }).header("Accept-Language", language).param("code", code)).andReturn().getResponse();
    }

    @Test
    void aReportAboutItSecurityGoesToTheAuditorsWhoDecideItOnThePage() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, employee, clock.instant());
        assertThat(visibleText(page("/risk-reports/new", session, "zh-CN"))).contains("涉及信息安全部门本身");
        // Refused without words: the choice is kept.
        MockHttpServletResponse refused = mvc.perform(post("/risk-reports").session(session).with(csrf())
                .param("category", "UNSAFE_PRACTICE").param("description", " ").param("concernsSecurity", "true"))
                .andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(Jsoup.parse(refused.getContentAsString()).getElementById("concerns-security").hasAttr("checked")).isTrue();
        MockHttpServletResponse sent = mvc.perform(post("/risk-reports").session(session).with(csrf())
                .param("category", "UNSAFE_PRACTICE").param("concernsSecurity", "true")
                .param("description", "The IT security duty engineer shares the admin password in the group chat."))
                .andReturn().getResponse();
        assertThat(sent.getStatus()).isEqualTo(302);
        String url = sent.getRedirectedUrl();
        assertThat(visibleText(page(url, session, "en"))).contains("About IT security", "IT security cannot read it");

        MockHttpSession it = Pages.signIn(mvc, security, clock.instant());
        assertThat(mvc.perform(get(url).session(it)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(list(it, "/risk-reports", "en")).doesNotContain("admin password");

        MockHttpSession audit = Pages.signIn(mvc, auditor, clock.instant());
        Document page = page(url, audit, "zh-CN");
        assertThat(visibleText(page)).contains("涉及信息安全部门", "group chat");
        assertThat(page.getElementById("form-triage")).isNotNull();
        assertThat(list(audit, "/risk-reports", "zh-CN")).contains("涉及信息安全部门本身的风险报告");
        MockHttpServletResponse decided = mvc.perform(post(url + "/triage").session(audit).with(csrf())
                .param("decision", "FIXED").param("answer", "The password was changed and the engineer warned."))
                .andReturn().getResponse();
        assertThat(decided.getStatus()).as(decided.getContentAsString()).isEqualTo(302);
        assertThat(visibleText(page(url, session, "en"))).contains("The auditors' or management's answer",
                "The password was changed");
    }

    @Test
    void securityOpensAnIncidentAndReadsItsClocksNoticesAndStepsInBothLanguages() throws Exception {
        MockHttpSession it = Pages.signIn(mvc, security, clock.instant());
        Document blank = page("/incidents/new", it, "en");
        assertThat(visibleText(blank)).contains("Open an incident", "General (level IV)", "found by their company name");
        assertThat(blank.getElementById("customers")).as("no customer ids to type (F2)").isNull();

        // Without a summary: the message names it, at the field (F8, F9).
        MockHttpServletResponse summaryless = mvc.perform(post("/incidents").session(it).with(csrf())
                .header("Accept-Language", "en").param("severity", "GENERAL").param("detectedAt", "2031-06-02T13:30")
                .param("summary", " ")).andReturn().getResponse();
        assertThat(summaryless.getStatus()).isEqualTo(422);
        Document noSummary = Jsoup.parse(summaryless.getContentAsString());
        assertThat(noSummary.getElementById("summary").hasClass("is-invalid")).isTrue();
        assertThat(noSummary.select("#summary + .invalid-feedback").text()).isEqualTo("Write what happened.");

        // A detection time in the future is refused; what was typed stays.
        MockHttpServletResponse refused = mvc.perform(post("/incidents").session(it).with(csrf())
                .header("Accept-Language", "zh-CN").param("severity", "GENERAL").param("detectedAt", "2031-06-03T09:00")
                .param("categories", "CONTACT").param("summary", "客户名单被误发到外部邮箱。")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document form = Jsoup.parse(refused.getContentAsString());
        assertThat(form.getElementById("problem").text()).contains("不得晚于现在");
        assertThat(form.getElementById("detectedAt").hasClass("is-invalid")).isTrue();
        assertThat(form.getElementById("summary").text()).isEqualTo("客户名单被误发到外部邮箱。");
        assertThat(form.select("#severity option[selected]").val()).isEqualTo("GENERAL");
        assertThat(form.getElementById("cat-CONTACT").hasAttr("checked")).isTrue();

        MockHttpServletResponse opened = mvc.perform(post("/incidents").session(it).with(csrf())
                .param("severity", "GENERAL").param("detectedAt", "2031-06-02T13:30").param("categories", "CONTACT")
                .param("summary", "客户名单被误发到外部邮箱。")).andReturn().getResponse();
        assertThat(opened.getStatus()).as(opened.getContentAsString()).isEqualTo(302);
        String url = opened.getRedirectedUrl();
        // The affected customer is found by company name on the incident's page and added (F2).
        Document finding = page(url + "?find=Pages Incident Trading", it, "en");
        assertThat(finding.getElementById("form-customers")).isNotNull();
        assertThat(mvc.perform(post(url + "/customers").session(it).with(csrf()).param("customers", customer.toString()))
                .andReturn().getResponse().getStatus()).isEqualTo(302);

        Document en = page(url, it, "en");
        String text = visibleText(en);
        assertThat(text).contains("General (level IV)", "Regulator, first report", "Affected customers told",
                "23 h 30 min left", "71 h 30 min left", "Pages Incident Trading", "contact details");
        assertThat(en.getElementById("notice-CUSTOMER-en").text()).contains("contact details")
                .doesNotContain("Pages Incident Trading");
        // Customers by company name, linked, never by their id (F1); the zone by its name (F18).
        assertThat(en.select("#incident-customers a").text()).isEqualTo("Pages Incident Trading");
        assertThat(en.select("#incident-customers a").attr("href")).isEqualTo("/customers/" + customer);
        assertThat(text).doesNotContain(customer.toString()).contains("1 customer").doesNotContain("1 customers");
        assertThat(en.getElementById("notice-CUSTOMER-en").text()).contains("(China Time)")
                .doesNotContain("Asia/Shanghai");
        assertThat(en.getElementById("notice-CUSTOMER-zh").text()).contains("（中国时间）")
                .doesNotContain("Asia/Shanghai");
        assertThat(en.getElementById("notice-REGULATOR-zh").text()).contains("一般（IV级）", "受影响客户数：1");
        assertThat(en.getElementById("form-not-required")).isNotNull();
        assertThat(en.getElementById("regulator-at").val()).isEqualTo("2031-06-02T14:00:00");
        String zh = visibleText(page(url, it, "zh-CN"));
        assertThat(zh).contains("一般（IV级）", "向监管部门初次报告", "剩余 23 小时 30 分钟", "处理经过");
        for (String c : CODES) {
            assertThat(text).doesNotContain(c);
            assertThat(zh).doesNotContain(c);
        }

        // Closing while a clock runs: refused, the words kept.
        MockHttpServletResponse early = mvc.perform(post(url + "/close").session(it).with(csrf())
                .header("Accept-Language", "en").param("text", "All done.")).andReturn().getResponse();
        assertThat(early.getStatus()).isEqualTo(409);
        Document kept = Jsoup.parse(early.getContentAsString());
        assertThat(kept.getElementById("problem").text()).contains("Every notification clock must have stopped");
        assertThat(kept.select("#form-close #problem")).as("inside the close form").hasSize(1);
        assertThat(kept.getElementById("close-text").text()).isEqualTo("All done.");

        // Finding customers by company name offers them to add.
        Document found = page(url + "?find=Pages Incident", it, "en");
        assertThat(found.getElementById("form-customers")).isNotNull();
        assertThat(list(it, "/incidents", "en")).contains("General (level IV)", "23 h 30 min left");

        // A notification time without how and to whom: refused, the time kept.
        MockHttpServletResponse wordless = mvc.perform(post(url + "/customers-notified").session(it).with(csrf())
                .header("Accept-Language", "en").param("at", "2031-06-02T13:55")).andReturn().getResponse();
        assertThat(wordless.getStatus()).isEqualTo(422);
        Document told = Jsoup.parse(wordless.getContentAsString());
        assertThat(told.getElementById("problem").text()).contains("how and to whom");
        assertThat(told.getElementById("customers-notified-text").hasClass("is-invalid")).isTrue();
        assertThat(told.select("#form-customers-notified #problem")).as("inside the form that failed").hasSize(1);

        // An empty note: its own message, inside the note form, the other forms untouched (F8, F9).
        MockHttpServletResponse empty = mvc.perform(post(url + "/note").session(it).with(csrf())
                .header("Accept-Language", "zh-CN").param("text", " ")).andReturn().getResponse();
        assertThat(empty.getStatus()).isEqualTo(422);
        Document note = Jsoup.parse(empty.getContentAsString());
        assertThat(note.select("#form-note .invalid-feedback").text()).isEqualTo("请填写调查记录。");
        assertThat(note.getElementById("note-text").hasClass("is-invalid")).isTrue();
        assertThat(note.getElementById("close-text").hasClass("is-invalid")).isFalse();
        assertThat(told.getElementById("customers-notified-at").val()).isEqualTo("2031-06-02T13:55");

        // The steps through the page, then the closed incident reads as met and not required.
        for (String[] step : new String[][] {{"contain", "text", "Recalled the e-mail."},
                {"notice-measures", "text", "The e-mail was withdrawn from the outside mailbox."},
                {"not-required", "text", "One customer, contact details only, recalled at once."},
                {"customers-notified", "at", "2031-06-02T13:55"}, {"close", "text", "Mail rules tightened."}}) {
            MockHttpServletResponse done = mvc.perform(post(url + "/" + step[0]).session(it).with(csrf())
                    .param("clock", "REGULATOR_INITIAL").param(step[1], step[2])
                    .param("text", "at".equals(step[1]) ? "The Sales head phoned the contact person." : step[2]))
                    .andReturn().getResponse();
            assertThat(done.getStatus()).as(step[0] + ": " + done.getContentAsString()).isEqualTo(302);
        }
        Document closedPage = page(url, it, "en");
        assertThat(closedPage.getElementById("notice-CUSTOMER-en").text())
                .contains("The e-mail was withdrawn from the outside mailbox.").doesNotContain("Recalled the e-mail.");
        assertThat(closedPage.getElementById("notice-REGULATOR-zh").text()).doesNotContain("Recalled the e-mail.");
        String closed = visibleText(closedPage);
        assertThat(closed).contains("Closed", "Not required", "Met", "Recalled the e-mail.",
                "Their legal holds were released");
        String closedZh = visibleText(page(url, it, "zh-CN"));
        assertThat(closedZh).contains("已结案", "无需通知", "按时完成");
        for (String c : CODES) {
            assertThat(closed).doesNotContain(c);
            assertThat(closedZh).doesNotContain(c);
        }
    }

    @Test
    void theAuditorReadsNoWordsAndNoStepsAndAnEmployeeIsToldNothing() throws Exception {
        MockHttpSession it = Pages.signIn(mvc, security, clock.instant());
        MockHttpServletResponse opened = mvc.perform(post("/incidents").session(it).with(csrf())
                .param("severity", "SERIOUS").param("detectedAt", "2031-06-02T13:50")
                .param("summary", "The contractor copied the price list.")).andReturn().getResponse();
        assertThat(opened.getStatus()).isEqualTo(302);
        String url = opened.getRedirectedUrl();
        assertThat(mvc.perform(post(url + "/customers").session(it).with(csrf()).param("customers", customer.toString()))
                .andReturn().getResponse().getStatus()).isEqualTo(302);
        MockHttpSession audit = Pages.signIn(mvc, auditor, clock.instant());
        Document page = page(url, audit, "en");
        assertThat(visibleText(page)).contains("Serious (level II)", "0 h 50 min left").doesNotContain("contractor");
        assertThat(page.getElementById("incident-steps")).isNull();
        assertThat(page.getElementById("incident-notices")).isNull();
        assertThat(page.getElementById("incident-words-hidden")).isNotNull();
        // The auditor reads the affected customer as a running number: no id, no name, no link (F1).
        assertThat(page.select("#incident-customers li").text()).isEqualTo("Customer 1 of 1");
        assertThat(page.select("#incident-customers a")).isEmpty();
        assertThat(page.html()).doesNotContain(customer.toString()).doesNotContain("Pages Incident Trading");
        assertThat(visibleText(page(url, audit, "zh-CN"))).contains("第 1 位客户（共 1 位）");
        assertThat(page.getElementById("incident-propose")).as("the auditor proposes nothing").isNull();
        assertThat(page(url, it, "en").getElementById("incident-propose")).as("nor does IT security").isNull();

        // The administration department reads it and may propose a penalty with it as the evidence (R-SUP-5).
        TestAccounts.Account officer = RetentionFixture.person(accounts, documents, clock.instant(), null,
                Role.ADMIN_OFFICER);
        MockHttpSession admin = Pages.signIn(mvc, officer, clock.instant());
        Document seen = page(url, admin, "zh-CN");
        String id = url.substring(url.lastIndexOf('/') + 1);
        String propose = seen.getElementById("incident-propose").attr("href");
        assertThat(propose).isEqualTo("/discipline/proposals/new?evidenceKind=INCIDENT&evidenceId=" + id);
        assertThat(seen.getElementById("incident-propose").text()).isEqualTo("提出处罚建议");
        Document form = page(propose, admin, "en");
        // The form names the incident by its reference, chosen for the officer (F3: nobody types an id).
        assertThat(form.select("#evidence option[selected]").val()).isEqualTo("INCIDENT:" + id);
        assertThat(form.select("#evidence option[selected]").text()).containsPattern("INC-\\d{4}-\\d+");

        MockHttpSession staff = Pages.signIn(mvc, employee, clock.instant());
        assertThat(mvc.perform(get(url).session(staff)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/incidents").session(staff)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/incidents/new").session(staff)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post(url + "/note").session(staff).with(csrf()).param("text", "x")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get(url + "/notices/CUSTOMER").session(audit)).andReturn().getResponse().getStatus())
                .as("the auditor reads no notice").isEqualTo(404);
    }

    @Test
    void theListSaysSoWhenOnlyClosedIncidentsExist() throws Exception {
        MockHttpSession it = Pages.signIn(mvc, security, clock.instant());
        MockHttpServletResponse opened = mvc.perform(post("/incidents").session(it).with(csrf())
                .param("severity", "GENERAL").param("detectedAt", "2031-06-02T13:40")
                .param("summary", "A printout with one customer's orders was found in the lift.")).andReturn().getResponse();
        assertThat(opened.getStatus()).isEqualTo(302);
        // Every open incident, this one and those of other tests, reads as closed for the moment (F12).
        List<UUID> open = jdbc.sql("select id from incident_incident where status = 'OPEN'").query(UUID.class).list();
        try {
            jdbc.sql("update incident_incident set status = 'CLOSED' where status = 'OPEN'").update();
            Document en = page("/incidents", it, "en");
            assertThat(en.getElementById("no-incidents")).isNull();
            assertThat(en.getElementById("no-open-incidents").text()).contains("No open incident.",
                    "Show the closed incidents");
            assertThat(en.select("#no-open-incidents a").attr("href")).isEqualTo("/incidents?closed=true");
            assertThat(visibleText(page("/incidents", it, "zh-CN"))).contains("暂无未结案的安全事件。");
            assertThat(page("/incidents?closed=true", it, "en").getElementById("incident-list")).isNotNull();
        } finally {
            open.forEach(id -> jdbc.sql("update incident_incident set status = 'OPEN' where id = ?").param(id).update());
        }
    }

    private String list(MockHttpSession session, String url, String language) throws Exception {
        return visibleText(page(url, session, language));
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
