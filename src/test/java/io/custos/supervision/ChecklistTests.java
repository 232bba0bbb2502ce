package io.custos.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.retention.RetentionFixture;
import io.custos.support.Api;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.PolicyDocuments;

/**
 * Checklist versions (issue 20.1): the administration department edits a version no inspection uses
 * in place; one in use stays as it was and saving makes the next version; nobody else edits, and
 * employees do not read them. Each test works on a checklist of its own, retired afterwards, so
 * the company checklist the other tests inspect with stays the current one.
 */
@IntegrationTest
class ChecklistTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired JdbcClient jdbc;

    UUID family;
    UUID checklist;
    UUID department;
    TestAccounts.Account officer;
    TestAccounts.Account head;
    TestAccounts.Account member;

    @BeforeEach
    void checklistOfItsOwn() {
        Instant now = clock.instant();
        family = UUID.randomUUID();
        checklist = UUID.randomUUID();
        jdbc.sql("insert into inspection_checklist (id, family_id, version_no, title_zh, title_en, created_at, created_by, "
                + "retired) values (?, ?, 1, '试用检查表', 'Trial checklist', ?, null, false)")
                .params(checklist, family, OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).update();
        jdbc.sql("insert into inspection_checklist_item (id, checklist_id, position, chapter, question_zh, question_en, "
                + "guidance_zh, guidance_en, evidence) values (?, ?, 1, 'IV', '培训？', 'Training?', '看数字。', "
                + "'Read the figures.', 'TRAINING')").params(UUID.randomUUID(), checklist).update();
        department = accounts.customerDepartment("CL" + UUID.randomUUID().toString().substring(0, 6));
        head = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE, Role.DEPT_HEAD);
        member = RetentionFixture.person(accounts, documents, now, department, Role.EMPLOYEE);
        officer = RetentionFixture.person(accounts, documents, now, null, Role.ADMIN_OFFICER);
    }

    @AfterEach
    void retire() {
        jdbc.sql("update inspection_checklist set retired = true where family_id = ?").param(family).update();
    }

    @Test
    void aVersionIsEditedInPlaceUntilAnInspectionUsesItThenSavingMakesTheNextVersion() throws Exception {
        Map<String, Object> draft = draft("试用检查表（修订）", "Trial checklist, revised", item("IV", "培训？", "Training?",
                "看数字。", "Read the figures.", "TRAINING"), item("III", "桌面？", "Desks?", "巡查。", "Walk the floor.", null));
        MvcResult inPlace = call(put("/api/v1/inspection-checklists/" + checklist), officer, draft);
        assertThat(inPlace.getResponse().getStatus()).as(inPlace.getResponse().getContentAsString()).isEqualTo(200);
        assertThat(Api.body(inPlace).get("id")).isEqualTo(checklist.toString());
        assertThat(Api.body(inPlace).get("versionNo")).isEqualTo(1);
        assertThat(items(checklist)).isEqualTo(2);

        // An inspection (even only planned) now uses it: it is frozen.
        jdbc.sql("insert into inspection (id, checklist_id, department_id, period_label, period_start, period_end, "
                + "inspector_id, planned_by, planned_at, status, version) values (?, ?, ?, '2001-Q1', ?, ?, ?, ?, ?, "
                + "'PLANNED', 0)").params(UUID.randomUUID(), checklist, department, java.sql.Date.valueOf("2001-01-01"),
                        java.sql.Date.valueOf("2001-03-31"), officer.id(), officer.id(),
                        OffsetDateTime.now(ZoneOffset.UTC)).update();
        Map<String, Object> third = draft("试用检查表（第二版）", "Trial checklist, second version",
                item("IV", "培训？", "Training?", "看数字。", "Read the figures.", "TRAINING"));
        MvcResult next = call(put("/api/v1/inspection-checklists/" + checklist), officer, third);
        assertThat(next.getResponse().getStatus()).isEqualTo(200);
        UUID second = UUID.fromString((String) Api.body(next).get("id"));
        assertThat(second).isNotEqualTo(checklist);
        assertThat(Api.body(next).get("versionNo")).isEqualTo(2);
        assertThat(items(second)).isEqualTo(1);
        assertThat(items(checklist)).as("the version in use is unchanged").isEqualTo(2);
        assertThat(jdbc.sql("select title_en from inspection_checklist where id = ?").param(checklist).query(String.class)
                .single()).isEqualTo("Trial checklist, revised");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'supervision.inspection.checklist-saved' "
                + "and target_id in (?, ?)").params(checklist.toString(), second.toString()).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void onlyTheAdministrationDepartmentEditsAndAnIncompleteItemIsRefused() throws Exception {
        Map<String, Object> draft = draft("标题", "Title", item("IV", "培训？", "Training?", "看数字。", "Read.", null));
        assertThat(call(put("/api/v1/inspection-checklists/" + checklist), head, draft).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(call(get("/api/v1/inspection-checklists"), member, null).getResponse().getStatus()).isEqualTo(404);
        assertThat(call(get("/api/v1/inspection-checklists"), head, null).getResponse().getStatus()).isEqualTo(200);
        assertThat(call(put("/api/v1/inspection-checklists/" + checklist), officer,
                draft("", "Title", item("IV", "培训？", "Training?", "看数字。", "Read.", null))).getResponse().getStatus())
                .isEqualTo(422);
        assertThat(call(put("/api/v1/inspection-checklists/" + checklist), officer,
                draft("标题", "Title", item("VI", "培训？", "Training?", "看数字。", "Read.", null))).getResponse()
                .getStatus()).isEqualTo(422);
        assertThat(call(put("/api/v1/inspection-checklists/" + checklist), officer, draft("标题", "Title"))
                .getResponse().getStatus()).as("no item").isEqualTo(422);

        // On the page: the second item lacks its English guidance; the form comes back with every row as typed.
        MockHttpSession session = Pages.signIn(mvc, officer, clock.instant());
        MockHttpServletResponse refused = mvc.perform(post("/supervision/inspections/checklists/" + checklist)
                .session(session).with(csrf()).header("Accept-Language", "en")
                .param("titleZh", "标题").param("titleEn", "Title")
                .param("chapter", "IV", "III").param("evidence", "TRAINING", "")
                .param("questionZh", "培训？", "桌面？").param("questionEn", "Training?", "Desks?")
                .param("guidanceZh", "看数字。", "巡查。").param("guidanceEn", "Read.", "")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(422);
        Document page = Jsoup.parse(refused.getContentAsString());
        assertThat(page.select("#guidanceEn-2 + .invalid-feedback").text()).as("at the field").contains("Item 2 needs");
        assertThat(page.select("#guidanceEn-2").hasClass("is-invalid")).isTrue();
        assertThat(page.select("#problem")).isEmpty();
        assertThat(page.getElementById("questionEn-2").text()).isEqualTo("Desks?");
        assertThat(page.select("#chapter-2 option[selected]").val()).isEqualTo("III");
        assertThat(page.select("#evidence-1 option[selected]").val()).isEqualTo("TRAINING");
        assertThat(items(checklist)).as("nothing saved").isEqualTo(1);

        MockHttpSession own = Pages.signIn(mvc, head, clock.instant());
        Document readOnly = Jsoup.parse(mvc.perform(get("/supervision/inspections/checklists/" + checklist).session(own))
                .andReturn().getResponse().getContentAsString());
        assertThat(readOnly.getElementById("checklist-save")).as("the head reads only").isNull();
        MockHttpSession employee = Pages.signIn(mvc, member, clock.instant());
        assertThat(mvc.perform(get("/supervision/inspections/checklists").session(employee)).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
    }

    private long items(UUID id) {
        return jdbc.sql("select count(*) from inspection_checklist_item where checklist_id = ?").param(id)
                .query(Long.class).single();
    }

    @SafeVarargs
    private static Map<String, Object> draft(String zh, String en, Map<String, Object>... items) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("titleZh", zh);
        draft.put("titleEn", en);
        draft.put("items", new ArrayList<>(List.of(items)));
        return draft;
    }

    private static Map<String, Object> item(String chapter, String qZh, String qEn, String gZh, String gEn,
            String evidence) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("chapter", chapter);
        item.put("questionZh", qZh);
        item.put("questionEn", qEn);
        item.put("guidanceZh", gZh);
        item.put("guidanceEn", gEn);
        item.put("evidence", evidence);
        return item;
    }

    private MvcResult call(MockHttpServletRequestBuilder request, TestAccounts.Account by, Map<String, Object> body)
            throws Exception {
        request.header("Authorization", Api.token(mvc, by, clock.instant()));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(Api.json(body));
        }
        return mvc.perform(request).andReturn();
    }
}
