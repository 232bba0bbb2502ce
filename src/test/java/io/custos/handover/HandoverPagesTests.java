package io.custos.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeManagement;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.shared.HomeTask;
import io.custos.shared.HomeTaskProvider;
import io.custos.support.Api;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The handover pages per person (R-EMP-5, issue 18.6): the head reads the case in Chinese and
 * English in words, never codes, and hands customers over in bulk from it; a refused step shows
 * the page again with the reason naming the person and the ticks kept; the person on notice reads
 * the undertaking and confirms it; HR and the auditor read the case and its report in both
 * languages without a way to settle anything; anyone else gets 404, as for a case that does not
 * exist. Sign-off from the page says what is still missing until nothing is.
 */
@IntegrationTest
class HandoverPagesTests {

    private static final List<String> CODES = List.of("CUSTOMER", "REASSIGNED", "ON_NOTICE", "DEPARTURE", "OPEN",
            "??");
    /** A message key shown instead of its words ({@code handover.kind.DEPARTURE}); "this handover." is a sentence. */
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("\\bhandover\\.[A-Za-z]");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired EmployeeManagement management;
    @Autowired Handovers handovers;
    @Autowired List<HomeTaskProvider> homeTasks;
    @Autowired JdbcClient jdbc;

    UUID department;
    TestAccounts.Account head;
    TestAccounts.Account leaver;
    TestAccounts.Account successor;
    TestAccounts.Account untrained;
    TestAccounts.Account stranger;
    TestAccounts.Account admin;
    List<String> names;
    List<UUID> customers;
    UUID caseId;

    @BeforeEach
    void aDepartmentWithSomeoneOnNotice() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        department = accounts.customerDepartment("HP" + tag);
        head = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE,
                Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        leaver = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        successor = RetentionFixture.person(accounts, documents, clock.instant(), department, Role.EMPLOYEE);
        // In the department and working with customers, but never accepted the agreement: not eligible.
        untrained = accounts.create(clock.instant(), EnumSet.of(Role.EMPLOYEE));
        accounts.moveTo(untrained, department);
        stranger = RetentionFixture.person(accounts, documents, clock.instant(),
                accounts.customerDepartment("HQ" + tag), Role.EMPLOYEE);
        admin = accounts.create(clock.instant(), Set.of(Role.SYSTEM_ADMIN));
        String leaverToken = Api.token(mvc, leaver, clock.instant());
        names = List.of("交接页面一 " + tag, "交接页面二 " + tag, "交接页面三 " + tag);
        customers = List.of(RetentionFixture.customer(mvc, leaverToken, names.get(0)),
                RetentionFixture.customer(mvc, leaverToken, names.get(1)),
                RetentionFixture.customer(mvc, leaverToken, names.get(2)));
        putOnNotice(leaver, today().plusDays(14));
        caseId = handovers.openCaseOf(leaver.id()).orElseThrow().id();
    }

    @Test
    void theHeadReadsTheCaseInBothLanguagesInWordsWithOnlyEligibleColleaguesOffered() throws Exception {
        MockHttpSession session = signIn(head);

        Document englishList = page("/handovers", session, "en");
        Element row = englishList.getElementById("handover-" + caseId);
        assertThat(row).as("the head's list shows the case").isNotNull();
        assertThat(row.text()).contains("Test " + leaver.username(), "Departure", "Open", "3 / 3");
        assertThat(page("/handovers", session, "zh-CN").getElementById("handover-" + caseId).text())
                .contains("Test " + leaver.username(), "离职", "办理中");
        assertThat(page("/handovers", signIn(stranger), "en").getElementById("handover-" + caseId))
                .as("not in another department's list").isNull();

        Document english = page("/handovers/" + caseId, session, "en");
        assertThat(english.getElementById("group-CUSTOMER").text()).contains(names.get(0), names.get(1),
                names.get(2), "Customers (3 to settle of 3)");
        assertThat(english.getElementById("open-items").text()).isEqualTo("3 of 3 still open");
        assertThat(english.getElementById("undertaking-state").text()).isEqualTo("Not given yet");
        assertThat(options(english, "successor-CUSTOMER")).as("only eligible colleagues")
                .contains(successor.id().toString(), head.id().toString())
                .doesNotContain(untrained.id().toString(), leaver.id().toString(), stranger.id().toString());
        assertThat(visibleText(english)).doesNotContain(CODES.toArray(String[]::new));

        Document chinese = page("/handovers/" + caseId, session, "zh-CN");
        assertThat(chinese.getElementById("open-items").text()).isEqualTo("共 3 项，尚有 3 项待处理");
        assertThat(chinese.getElementById("group-CUSTOMER").text()).contains(names.get(0));
        assertThat(chinese.getElementById("undertaking-state").text()).isEqualTo("尚未确认");
        assertThat(options(chinese, "successor-CUSTOMER")).contains(successor.id().toString())
                .doesNotContain(untrained.id().toString());
        assertThat(visibleText(chinese)).doesNotContain(CODES.toArray(String[]::new));
    }

    @Test
    void aBulkReassignmentMovesTheTickedCustomersAndARefusalKeepsTheFormAsItWas() throws Exception {
        MockHttpSession session = signIn(head);
        UUID first = itemOf(customers.get(0));
        UUID second = itemOf(customers.get(1));
        UUID third = itemOf(customers.get(2));

        MockHttpServletResponse moved = mvc.perform(post("/handovers/" + caseId + "/assignments").session(session)
                .with(csrf()).param("items", first.toString(), second.toString()).param("outcome", "REASSIGNED")
                .param("successor", successor.id().toString())).andReturn().getResponse();
        assertThat(moved.getRedirectedUrl()).as(moved.getContentAsString()).isEqualTo("/handovers/" + caseId);
        assertThat(owner(customers.get(0))).isEqualTo(successor.id());
        assertThat(owner(customers.get(1))).isEqualTo(successor.id());
        assertThat(owner(customers.get(2))).as("not ticked, not moved").isEqualTo(leaver.id());
        Document after = page("/handovers/" + caseId, session, "en");
        assertThat(after.getElementById("item-" + first).text()).contains("Handed to Test " + successor.username());
        assertThat(after.getElementById("pick-" + first)).as("a settled item cannot be ticked again").isNull();

        // Someone the page does not offer, posted by id: refused with the reason, naming the person.
        MockHttpServletResponse refused = mvc.perform(post("/handovers/" + caseId + "/assignments").session(session)
                .header("Accept-Language", "en").with(csrf()).param("items", third.toString())
                .param("outcome", "REASSIGNED").param("successor", untrained.id().toString())).andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document shown = Jsoup.parse(refused.getContentAsString());
        assertThat(shown.getElementById("problem").text()).isEqualTo("Test " + untrained.username()
                + " has not accepted the confidentiality agreement in force, so cannot take customers over yet.");
        assertThat(shown.getElementById("pick-" + third).hasAttr("checked")).as("the tick is kept").isTrue();
        assertThat(owner(customers.get(2))).isEqualTo(leaver.id());

        MockHttpServletResponse chinese = mvc.perform(post("/handovers/" + caseId + "/assignments").session(session)
                .header("Accept-Language", "zh-CN").with(csrf()).param("items", third.toString())
                .param("outcome", "REASSIGNED").param("successor", untrained.id().toString())).andReturn()
                .getResponse();
        assertThat(Jsoup.parse(chinese.getContentAsString()).getElementById("problem").text())
                .isEqualTo("Test " + untrained.username() + " 尚未接受现行的保密协议，暂不能接收客户。");

        // Refused with a colleague the page offers (one item settled meanwhile): ticks and choice stay.
        MockHttpServletResponse conflict = mvc.perform(post("/handovers/" + caseId + "/assignments").session(session)
                .header("Accept-Language", "en").with(csrf()).param("items", third.toString(), first.toString())
                .param("outcome", "REASSIGNED").param("successor", head.id().toString())).andReturn().getResponse();
        assertThat(conflict.getStatus()).isEqualTo(409);
        Document kept = Jsoup.parse(conflict.getContentAsString());
        assertThat(kept.getElementById("problem").text()).isEqualTo(
                "One of these items is already settled. Nothing was changed.");
        assertThat(kept.getElementById("pick-" + third).hasAttr("checked")).isTrue();
        assertThat(kept.select("#successor-CUSTOMER option[selected]").eachAttr("value"))
                .containsExactly(head.id().toString());
        assertThat(owner(customers.get(2))).isEqualTo(leaver.id());
    }

    @Test
    void thePersonConfirmsTheUndertakingWhileTheHeadMayOnlyRecordAPaperForm() throws Exception {
        MockHttpSession own = signIn(leaver);
        Document mine = page("/handovers/" + caseId, own, "en");
        assertThat(mine.getElementById("undertaking-text").text()).startsWith(
                "I have handed over all customer information I held");
        assertThat(mine.getElementById("give-undertaking")).isNotNull();
        assertThat(mine.getElementById("record-paper-undertaking")).isNull();
        assertThat(mine.getElementById("reassign-CUSTOMER")).as("the person does not settle").isNull();
        assertThat(mine.getElementById("sign-off")).isNull();
        assertThat(page("/handovers/" + caseId, own, "zh-CN").getElementById("undertaking-text").text())
                .startsWith("本人已交接所持有的全部客户信息");

        Document heads = page("/handovers/" + caseId, signIn(head), "en");
        assertThat(heads.getElementById("record-paper-undertaking").text()).isEqualTo("Record a signed paper form");
        assertThat(heads.getElementById("give-undertaking")).isNull();

        assertThat(status(get("/handovers/" + caseId), signIn(stranger))).isEqualTo(404);
        assertThat(status(get("/handovers/" + caseId + "/report.pdf?lang=en"), signIn(stranger))).isEqualTo(404);
        assertThat(status(get("/handovers/" + caseId + "/report.pdf?lang=en"), own))
                .as("the report is for the head and HR").isEqualTo(404);

        MockHttpServletResponse confirmed = mvc.perform(post("/handovers/" + caseId + "/undertaking").session(own)
                .with(csrf())).andReturn().getResponse();
        assertThat(confirmed.getRedirectedUrl()).as(confirmed.getContentAsString()).isEqualTo("/handovers/" + caseId);
        Document done = page("/handovers/" + caseId, own, "en");
        assertThat(done.getElementById("undertaking-state").text()).startsWith("Confirmed by the person on");
        assertThat(done.getElementById("give-undertaking")).isNull();
        assertThat(jdbc.sql("select undertaking_method from handover_case where id = ?").param(caseId)
                .query(String.class).single()).isEqualTo("ONLINE");
    }

    @Test
    void hrAndTheAuditorReadTheCaseAndItsReportInBothLanguagesWithoutSettlingAnything() throws Exception {
        MockHttpSession headSession = signIn(head);
        mvc.perform(post("/handovers/" + caseId + "/assignments").session(headSession).with(csrf())
                .param("items", customers.stream().map(this::itemOf).map(UUID::toString).toArray(String[]::new))
                .param("outcome", "REASSIGNED").param("successor", successor.id().toString()));
        assertThat(owner(customers.get(2))).isEqualTo(successor.id());
        TestAccounts.Account officer = RetentionFixture.person(accounts, documents, clock.instant(), null,
                Role.ADMIN_OFFICER);
        TestAccounts.Account auditor = accounts.create(clock.instant(), EnumSet.of(Role.AUDITOR),
                TestAccounts.newSecret(), false);

        for (TestAccounts.Account reader : List.of(officer, auditor)) {
            MockHttpSession session = signIn(reader);
            assertThat(page("/handovers", session, "en").getElementById("handover-" + caseId)).isNotNull();
            Document read = page("/handovers/" + caseId, session, "en");
            assertThat(read.getElementById("group-CUSTOMER").text()).contains(names.get(0));
            assertThat(read.select("form[action$=/assignments] button, form[action$=/undertaking], "
                    + "form[action$=/sign-off], input[name=items]")).as("read-only").isEmpty();
            assertThat(read.getElementById("report-en")).isNotNull();
            assertThat(visibleText(read)).doesNotContain(CODES.toArray(String[]::new));

            String zh = pdfText(mvc.perform(get("/handovers/" + caseId + "/report.pdf?lang=zh-CN").session(session))
                    .andReturn().getResponse());
            assertThat(zh).contains("交接报告", "Test " + leaver.username(), "离职", names.get(0), "客户",
                    "交给Test " + successor.username(), "尚未确认");
            String en = pdfText(mvc.perform(get("/handovers/" + caseId + "/report.pdf?lang=en").session(session))
                    .andReturn().getResponse());
            assertThat(en).contains("Handover report", "Test " + leaver.username(), "Departure", names.get(2),
                    "Customer", "Handed to Test " + successor.username(), "Not given yet");
            assertThat(en + zh).doesNotContain("REASSIGNED", "handover.", RetentionFixture.PHONE);
        }
    }

    @Test
    void theHeadSignsOffFromThePageOnceNothingIsMissing() throws Exception {
        MockHttpSession session = signIn(head);
        Document waiting = page("/handovers/" + caseId, session, "en");
        assertThat(waiting.getElementById("sign-off-waits").text()).isEqualTo(
                "Sign-off waits until every item is settled (3 still open) and the undertaking is given (not yet).");
        assertThat(waiting.getElementById("sign-off-button")).isNull();
        MockHttpServletResponse early = mvc.perform(post("/handovers/" + caseId + "/sign-off").session(session)
                .header("Accept-Language", "en").with(csrf()).param("version", version())).andReturn().getResponse();
        assertThat(early.getStatus()).isEqualTo(409);
        assertThat(Jsoup.parse(early.getContentAsString()).getElementById("problem").text())
                .isEqualTo("Every item must be settled before the handover is signed off.");

        mvc.perform(post("/handovers/" + caseId + "/assignments").session(session).with(csrf())
                .param("items", customers.stream().map(this::itemOf).map(UUID::toString).toArray(String[]::new))
                .param("outcome", "REASSIGNED").param("successor", successor.id().toString()));
        assertThat(page("/handovers/" + caseId, session, "zh-CN").getElementById("sign-off-waits").text())
                .isEqualTo("须处理完所有事项（尚有 0 项）并确认离职承诺（尚未确认）后才能签核。");

        mvc.perform(post("/handovers/" + caseId + "/undertaking").session(session).with(csrf())
                .param("method", "PAPER"));
        Document ready = page("/handovers/" + caseId, session, "en");
        assertThat(ready.getElementById("undertaking-state").text()).startsWith(
                "Signed paper form recorded by the head on");
        assertThat(ready.getElementById("sign-off-waits")).isNull();
        String version = ready.select("#sign-off input[name=version]").attr("value");
        assertThat(version).isEqualTo(version());

        MockHttpServletResponse signed = mvc.perform(post("/handovers/" + caseId + "/sign-off").session(session)
                .with(csrf()).param("version", version)).andReturn().getResponse();
        assertThat(signed.getRedirectedUrl()).as(signed.getContentAsString()).isEqualTo("/handovers/" + caseId);
        Document closed = page("/handovers/" + caseId, session, "en");
        assertThat(closed.getElementById("handover-status").text()).isEqualTo("Signed off");
        assertThat(closed.getElementById("sign-off-state").text()).startsWith("Signed off by Test " + head.username());
        assertThat(closed.getElementById("sign-off")).as("nothing left to do").isNull();
        assertThat(closed.select("input[name=items]")).isEmpty();
    }

    @Test
    void theHomePageAsksTheHeadToSettleAndThePersonForTheUndertaking() throws Exception {
        assertThat(tasksOf(head)).extracting(HomeTask::messageKey).contains("home.task.handover.head");
        HomeTask headTask = tasksOf(head).stream().filter(t -> t.messageKey().equals("home.task.handover.head"))
                .findFirst().orElseThrow();
        assertThat(headTask.args()).containsExactly(3, 1);
        assertThat(headTask.link()).isEqualTo("/handovers/" + caseId);
        assertThat(tasksOf(leaver)).extracting(HomeTask::messageKey).containsOnlyOnce("home.task.handover.undertaking")
                .doesNotContain("home.task.handover.head");
        assertThat(tasksOf(successor)).extracting(HomeTask::messageKey)
                .doesNotContain("home.task.handover.head", "home.task.handover.undertaking");

        assertThat(page("/", signIn(head), "en").text()).contains(
                "Handovers wait for you: 3 items to settle in 1 handover.");
        assertThat(page("/", signIn(leaver), "zh-CN").text()).contains("您的交接：请在 " + today().plusDays(14)
                + " 前确认离职承诺。");

        MockHttpSession own = signIn(leaver);
        mvc.perform(post("/handovers/" + caseId + "/undertaking").session(own).with(csrf()));
        assertThat(tasksOf(leaver)).extracting(HomeTask::messageKey).doesNotContain("home.task.handover.undertaking");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private List<HomeTask> tasksOf(TestAccounts.Account account) {
        return homeTasks.stream().flatMap(p -> p.tasksFor(account.id()).stream()).toList();
    }

    private void putOnNotice(TestAccounts.Account person, LocalDate leavesOn) {
        CustosUser adminUser = Gate.user(admin, Set.of(Role.SYSTEM_ADMIN));
        Gate.as(adminUser, () -> management.update(person.id(), new EmployeeManagement.EmployeeUpdate(
                "Test " + person.username(), null, department, null, EnumSet.of(Role.EMPLOYEE),
                EmployeeStatus.ON_NOTICE, "Resigned for a new job", leavesOn), adminUser));
    }

    private MockHttpSession signIn(TestAccounts.Account account) throws Exception {
        clock.advance(Duration.ofSeconds(31));
        return Pages.signIn(mvc, account, clock.instant());
    }

    private Document page(String url, MockHttpSession session, String language) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).session(session).header("Accept-Language", language))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("%s: %s", url, response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private int status(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        return mvc.perform(request.session(session)).andReturn().getResponse().getStatus();
    }

    /** What a reader sees: the text, with option labels and button words, not attributes. */
    private static String visibleText(Document page) {
        String text = page.body().text();
        assertThat(KEY.matcher(text).find()).as("a message key shows: %s", text).isFalse();
        return text;
    }

    private static List<String> options(Document page, String select) {
        Element element = page.getElementById(select);
        assertThat(element).as(select).isNotNull();
        return element.select("option").eachAttr("value");
    }

    private static String pdfText(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(response.getContentAsByteArray())) {
            // Cells wrap: read the text as one line, as a person reads across the wrap.
            return new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
    }

    private UUID itemOf(UUID customer) {
        return jdbc.sql("select id from handover_item where case_id = ? and subject_id = ?").params(caseId, customer)
                .query(UUID.class).single();
    }

    private String version() {
        return String.valueOf(handovers.openCaseOf(leaver.id()).orElseThrow().version());
    }

    private UUID owner(UUID customer) {
        return jdbc.sql("select owner_id from customer where id = ?").param(customer).query(UUID.class).single();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Shanghai"));
    }
}
