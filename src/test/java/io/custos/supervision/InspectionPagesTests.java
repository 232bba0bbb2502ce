package io.custos.supervision;

import static io.custos.identity.SeedingAs.as;
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

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeStatus;
import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * The inspection and rectification pages (issue 20.5): planned and carried out on pages, in Chinese
 * and English in words, never codes; a refused step shows the page again with the reason and what
 * was typed kept; the head reads and fixes but never records; an employee is told nothing.
 */
@IntegrationTest
class InspectionPagesTests {

    private static final List<String> CODES = List.of("PLANNED", "IN_PROGRESS", "COMPLETED", "OPEN", "SUBMITTED",
            "CLOSED", "TRAINING", "BREAK_GLASS", "OPEN_CASES", "FIX_SUBMITTED", "??");
    private static final Pattern KEY = Pattern.compile("\\b(inspection|rectification|checklist|problem|home)\\.[A-Za-z]");
    private static final UUID DESK_ITEM = UUID.fromString("5c0f0000-0000-4000-8000-000000000110");

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;
    @Autowired Inspections inspections;

    UUID department;
    String departmentName;
    TestAccounts.Account head;
    TestAccounts.Account member;
    TestAccounts.Account inspector;

    @BeforeEach
    void company() {
        clock.set(LocalDate.of(2031, 8, 12).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        Instant now = clock.instant();
        departmentName = "IP" + UUID.randomUUID().toString().substring(0, 6);
        department = accounts.customerDepartment(departmentName);
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        jdbc.sql("update department set head_id = ? where id = ?").params(head.id(), department).update();
        member = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        inspector = RetentionFixture.person(accounts, documents, now, null, Role.ADMIN_OFFICER);
    }

    @Test
    void theInspectorPlansAndRecordsOnPagesAndARefusalKeepsWhatWasTyped() throws Exception {
        MockHttpSession session = Pages.signIn(mvc, inspector, clock.instant());
        Document list = page("/supervision/inspections", session, "en");
        assertThat(list.getElementById("period").val()).as("this quarter by default").isEqualTo("2031-Q3");

        MockHttpServletResponse refused = mvc.perform(post("/supervision/inspections").session(session).with(csrf())
                .header("Accept-Language", "zh-CN").param("departmentId", department.toString()).param("period", "Q3 2031")
                .param("inspectorId", inspector.id().toString())).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document form = Jsoup.parse(refused.getContentAsString());
        assertThat(form.select("#period + .invalid-feedback").text()).as("next to the field").contains("2026-Q4");
        assertThat(form.select("#period").hasClass("is-invalid")).isTrue();
        assertThat(form.select("#problem")).isEmpty();
        assertThat(form.getElementById("period").val()).isEqualTo("Q3 2031");
        assertThat(form.select("#departmentId option[selected]").val()).isEqualTo(department.toString());

        MockHttpServletResponse planned = mvc.perform(post("/supervision/inspections").session(session).with(csrf())
                .param("departmentId", department.toString()).param("period", "2031-Q3")
                .param("inspectorId", inspector.id().toString())).andReturn().getResponse();
        assertThat(planned.getStatus()).as(planned.getContentAsString()).isEqualTo(302);
        String url = planned.getRedirectedUrl();
        String en = visibleText(page(url, session, "en"));
        assertThat(en).contains("Inspection of " + departmentName + ", 2031-Q3", "§3 Handling customer information",
                "The figures now:", "this quarter, 0 refused", "Planned", "0 of 12 items");
        String zh = visibleText(page(url, session, "zh-CN"));
        assertThat(zh).contains("保密检查", "§三 客户信息的处理", "当前数字", "已安排", "2031年第三季度")
                .doesNotContain("2031-Q3");
        assertThat(page(url, session, "zh-CN").select("section[id^=chapter-]").eachAttr("id")).as("§一..§五 in order")
                .containsExactly("chapter-I", "chapter-II", "chapter-III", "chapter-IV", "chapter-V");
        for (String code : CODES) {
            assertThat(en).doesNotContain(code);
            assertThat(zh).doesNotContain(code);
        }

        MockHttpServletResponse noWords = mvc.perform(post(url + "/items/" + DESK_ITEM).session(session).with(csrf())
                .header("Accept-Language", "en").param("score", "1").param("finding", "true")
                .param("notes", "Walked the floor at seven.").param("dueOn", "2031-09-01")).andReturn().getResponse();
        assertThat(noWords.getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(noWords.getContentAsString());
        assertThat(again.select("#text-8 + .invalid-feedback").text()).as("at the item").contains("Write what was found");
        assertThat(again.select("#text-8").hasClass("is-invalid")).isTrue();
        assertThat(again.select("#problem")).isEmpty();
        assertThat(again.getElementById("notes-8").val()).isEqualTo("Walked the floor at seven.");
        assertThat(again.getElementById("due-8").val()).isEqualTo("2031-09-01");
        assertThat(again.getElementById("finding-8").hasAttr("checked")).isTrue();
        assertThat(again.select("#score-8 option[selected]").val()).isEqualTo("1");

        MockHttpServletResponse recorded = mvc.perform(post(url + "/items/" + DESK_ITEM).session(session).with(csrf())
                .param("score", "1").param("finding", "true").param("findingText", "Lists left on desks.")
                .param("dueOn", "2031-09-01")).andReturn().getResponse();
        assertThat(recorded.getStatus()).isEqualTo(302);
        String after = visibleText(page(url, session, "en"));
        assertThat(after).contains("Lists left on desks.", "A finding: to be fixed by 2031-09-01", "In progress");

        MockHttpServletResponse early = mvc.perform(post(url + "/complete").session(session).with(csrf())
                .header("Accept-Language", "en")).andReturn().getResponse();
        assertThat(early.getStatus()).isEqualTo(409);
        assertThat(Jsoup.parse(early.getContentAsString()).getElementById("problem").text())
                .contains("Record every item");
    }

    @Test
    void theHeadFixesOnPagesTheInspectorVerifiesAndAnEmployeeIsToldNothing() throws Exception {
        CustosUser officer = new CustosUser(inspector.id(), inspector.username(), "Officer", null,
                Set.of(Role.ADMIN_OFFICER), EmployeeStatus.ACTIVE);
        UUID id = as(officer, () -> {
            InspectionView plan = inspections.plan(department, "2031-Q3", null, officer);
            for (ChecklistItem item : inspections.checklist(plan.checklistId()).orElseThrow().items()) {
                boolean finding = item.id().equals(DESK_ITEM);
                inspections.record(plan.id(), item.id(), finding ? 1 : 3, finding, finding ? "Cabinet unlocked." : null,
                        null, null, officer);
            }
            inspections.complete(plan.id(), officer);
            return plan.id();
        });
        UUID rectification = jdbc.sql("select id from rectification where inspection_id = ?").param(id)
                .query(UUID.class).single();

        MockHttpSession employee = Pages.signIn(mvc, member, clock.instant());
        assertThat(mvc.perform(get("/supervision/inspections/" + id).session(employee)).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/supervision/rectifications/" + rectification).session(employee)).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(post("/supervision/rectifications/" + rectification + "/fix").session(employee)
                .with(csrf()).param("text", "x")).andReturn().getResponse().getStatus()).isEqualTo(404);

        MockHttpSession own = Pages.signIn(mvc, head, clock.instant());
        Document inspection = page("/supervision/inspections/" + id, own, "en");
        assertThat(inspection.select("form.item-form")).as("the head never records").isEmpty();
        assertThat(inspection.getElementById("report-en")).isNotNull();
        String list = visibleText(page("/supervision/rectifications", own, "zh-CN"));
        assertThat(list).contains("整改", "待整改", departmentName);
        MockHttpServletResponse empty = mvc.perform(post("/supervision/rectifications/" + rectification + "/fix")
                .session(own).with(csrf()).header("Accept-Language", "en").param("text", "  ")).andReturn().getResponse();
        assertThat(empty.getStatus()).isEqualTo(422);
        Document emptyFix = Jsoup.parse(empty.getContentAsString());
        assertThat(emptyFix.select("#fix-text + .invalid-feedback").text()).contains("Describe what was done");
        assertThat(emptyFix.select("#fix-text").hasClass("is-invalid")).isTrue();
        assertThat(emptyFix.select("#problem")).isEmpty();
        // Past its deadline the inspection page says so next to the rectification (LOOK-E F14).
        assertThat(inspection.select(".rectification-overdue")).isEmpty();
        jdbc.sql("update rectification set due_on = ? where id = ?")
                .params(java.sql.Date.valueOf(LocalDate.of(2031, 8, 11)), rectification).update();
        assertThat(page("/supervision/inspections/" + id, own, "en").select(".rectification-overdue").text())
                .isEqualTo("Overdue");
        assertThat(mvc.perform(post("/supervision/rectifications/" + rectification + "/fix").session(own).with(csrf())
                .param("text", "A lock is fitted; keys with the head.")).andReturn().getResponse().getStatus())
                .isEqualTo(302);
        Document fixed = page("/supervision/rectifications/" + rectification, own, "en");
        assertThat(fixed.getElementById("form-verify")).as("not the owner's to verify").isNull();
        assertThat(fixed.getElementById("rectification-propose")).as("penalties are the administration department's")
                .isNull();

        MockHttpSession session = Pages.signIn(mvc, inspector, clock.instant());
        Document toVerify = page("/supervision/rectifications/" + rectification, session, "en");
        String text = visibleText(toVerify);
        assertThat(toVerify.getElementById("rectification-propose").attr("href")).as("a penalty with the finding as evidence")
                .isEqualTo("/discipline/proposals/new?evidenceKind=INSPECTION_FINDING&evidenceId=" + rectification);
        assertThat(toVerify.getElementById("rectification-propose").text()).isEqualTo("Propose a penalty");
        assertThat(text).contains("A lock is fitted; keys with the head.", "Fix submitted", "Cabinet unlocked.");
        for (String code : CODES) {
            assertThat(text).doesNotContain(code);
        }
        assertThat(mvc.perform(post("/supervision/rectifications/" + rectification + "/verify").session(session)
                .with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(302);
        String closed = visibleText(page("/supervision/rectifications/" + rectification, session, "zh-CN"));
        assertThat(closed).contains("已验证关闭", "验证通过");
        MockHttpServletResponse pdf = mvc.perform(get("/supervision/inspections/" + id + "/report.pdf")
                .param("lang", "en").session(own)).andReturn().getResponse();
        assertThat(pdf.getStatus()).isEqualTo(200);
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
    }

    @Test
    void everyoneTheSupervisionMenuOffersInspectionsToOpensEachPageBehindIt() throws Exception {
        CustosUser officer = new CustosUser(inspector.id(), inspector.username(), "Officer", null,
                Set.of(Role.ADMIN_OFFICER), EmployeeStatus.ACTIVE);
        UUID id = as(officer, () -> {
            InspectionView plan = inspections.plan(department, "2031-Q3", null, officer);
            for (ChecklistItem item : inspections.checklist(plan.checklistId()).orElseThrow().items()) {
                boolean finding = item.id().equals(DESK_ITEM);
                inspections.record(plan.id(), item.id(), finding ? 1 : 3, finding, finding ? "Cabinet unlocked." : null,
                        null, null, officer);
            }
            inspections.complete(plan.id(), officer);
            return plan.id();
        });
        Instant now = clock.instant();
        TestAccounts.Account auditor = accounts.create(now, Set.of(Role.AUDITOR), TestAccounts.newSecret(), false);
        TestAccounts.Account manager = accounts.create(now, Set.of(Role.MANAGEMENT), TestAccounts.newSecret(), false);
        for (TestAccounts.Account person : List.of(head, inspector, auditor, manager)) {
            MockHttpSession session = Pages.signIn(mvc, person, now);
            Document home = page("/", session, "en");
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            for (String nav : List.of("nav-inspections", "nav-rectifications")) {
                assertThat(home.getElementById(nav)).as("%s for %s", nav, person.username()).isNotNull();
                String url = home.getElementById(nav).attr("href");
                seen.add(url);
                for (String language : List.of("en", "zh-CN")) {
                    Document list = page(url, session, language);
                    visibleText(list);
                    // One step further: every supervision page the list links to (the PDF excepted).
                    for (String link : list.select("main a[href^=/supervision/]").eachAttr("href")) {
                        if (!link.endsWith(".pdf") && seen.add(link + " " + language)) {
                            visibleText(page(link, session, language));
                        }
                    }
                }
            }
            assertThat(seen).as("the inspection and its rectification for %s", person.username())
                    .anyMatch(u -> u.startsWith("/supervision/inspections/" + id))
                    .anyMatch(u -> u.startsWith("/supervision/rectifications/"));
        }
        // An employee has no Supervision menu entries for inspections.
        Document home = page("/", Pages.signIn(mvc, member, now), "en");
        assertThat(home.getElementById("nav-inspections")).isNull();
        assertThat(home.getElementById("nav-rectifications")).isNull();
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
