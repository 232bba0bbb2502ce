package io.custos.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import io.custos.identity.Role;
import io.custos.support.Api;
import io.custos.training.TrainingFixture.Person;

/** The same flows over the API: build and assign a course, accept the agreement, take the quiz, see the gate open. */
class TrainingApiTests extends TrainingIntegrationTest {

    @Autowired PolicyDocuments documents;

    @Test
    void anEmployeeAcceptsTheAgreementAndPassesTheQuizOverTheApi() throws Exception {
        Person employee = fixture.person(Role.EMPLOYEE);
        UUID department = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, '接口部', 'API', ?)")
                .params(department, "A" + department.toString().substring(0, 8), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, employee.id()).update();
        TrainingFixture.publishAgreement(documents, officer, manager);
        String officerToken = Api.token(mvc, officer.account(), clock.instant());
        String token = Api.token(mvc, employee.account(), clock.instant());

        Map<String, Object> settings = Map.of("titleZh", "接口课程", "titleEn", "API course", "summaryZh", "简介",
                "summaryEn", "Summary", "passMark", 100, "questionCount", 2, "mandatory", true);
        List<Map<String, Object>> lessons = List.of(Map.of("titleZh", "课", "titleEn", "Lesson", "bodyZh", "正文",
                "bodyEn", "Text"));
        Map<String, Object> bad = Map.of("textZh", "问", "textEn", "Q", "options", List.of(
                Map.of("textZh", "甲", "textEn", "A", "correct", false), Map.of("textZh", "乙", "textEn", "B", "correct", false)));
        send(post("/api/v1/training/courses"), officerToken, Map.of("settings", settings, "lessons", lessons,
                "questions", List.of(bad))).andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("question-invalid"));
        send(post("/api/v1/training/courses"), token, Map.of("settings", settings, "lessons", lessons,
                "questions", List.of())).andExpect(status().isForbidden());

        List<Map<String, Object>> questions = List.of(question(1), question(2), question(3));
        UUID course = UUID.fromString((String) Api.body(send(post("/api/v1/training/courses"), officerToken,
                Map.of("settings", settings, "lessons", lessons, "questions", questions))
                .andExpect(status().isCreated()).andReturn()).get("id"));
        send(post("/api/v1/training/courses/" + course + "/publish"), officerToken, Map.of())
                .andExpect(jsonPath("$.state").value("PUBLISHED"));
        send(post("/api/v1/training/courses/" + course + "/assignments"), officerToken, Map.of("departmentId", department,
                "dueOn", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(10).toString()))
                .andExpect(status().isCreated());

        var me = mvc.perform(get("/api/v1/training/me").header("Authorization", token)).andExpect(status().isOk())
                .andExpect(jsonPath("$.gate.allowed").value(false))
                .andExpect(jsonPath("$.gate.reason").value("agreement-missing"))
                .andExpect(jsonPath("$.courses[0].standing").value("DUE")).andReturn();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pending = (List<Map<String, Object>>) Api.body(me).get("pendingDocuments");
        String agreement = pending.stream().filter(p -> "AGREEMENT".equals(p.get("kind"))).findFirst().orElseThrow()
                .get("versionId").toString();
        mvc.perform(post("/api/v1/training/document-versions/" + agreement + "/acknowledgment")
                        .header("Authorization", token)).andExpect(status().isOk())
                .andExpect(jsonPath("$.at").exists());
        mvc.perform(get("/api/v1/training/me").header("Authorization", token))
                .andExpect(jsonPath("$.gate.reason").value("training-missing"))
                .andExpect(jsonPath("$.gate.courses[0]").value(course.toString()));

        var attempt = Api.body(send(post("/api/v1/training/courses/" + course + "/attempts"), token, Map.of())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.questions.length()").value(2))
                .andExpect(jsonPath("$.questions[0].choices[0].correct").doesNotExist())
                .andExpect(jsonPath("$.result").doesNotExist()).andReturn());
        Map<String, Object> answers = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) attempt.get("questions");
        for (Map<String, Object> q : drawn) {
            answers.put(q.get("questionId").toString(), jdbc.sql("select id from training_option where question_id = ? "
                    + "and correct = true").param(UUID.fromString(q.get("questionId").toString())).query(UUID.class)
                    .single());
        }
        clock.advance(Duration.ofMinutes(1)); // time to read the questions
        send(post("/api/v1/training/attempts/" + attempt.get("id") + "/submission"), token, Map.of("answers", answers))
                .andExpect(status().isOk()).andExpect(jsonPath("$.result.passed").value(true))
                .andExpect(jsonPath("$.result.score").value(100));
        mvc.perform(get("/api/v1/training/me").header("Authorization", token))
                .andExpect(jsonPath("$.gate.allowed").value(true))
                .andExpect(jsonPath("$.courses[0].standing").value("PASSED"));
        mvc.perform(get("/api/v1/training/reports/completion").header("Authorization", token))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/training/reports/completion").header("Authorization", officerToken))
                .andExpect(status().isOk()).andExpect(jsonPath("$.completion").isArray());
    }

    @Test
    void theApiSendsAVersionBackOnlyWithAReason() throws Exception {
        UUID version = TrainingFixture.as(officer, () -> documents.create(DocumentKind.POLICY,
                TrainingFixture.content("api"), officer.user()));
        TrainingFixture.run(officer, () -> documents.submit(version, officer.user()));
        String managerToken = Api.token(mvc, manager.account(), clock.instant());
        String path = "/api/v1/training/document-versions/" + version + "/reject";
        send(post(path), managerToken, Map.of()).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("rejection-reason-required"));
        send(post(path), managerToken, Map.of("reason", "x".repeat(501))).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("rejection-reason-required"));
        assertThat(jdbc.sql("select state from policy_document_version where id = ?").param(version)
                .query(String.class).single()).isEqualTo("SUBMITTED");
        send(post(path), managerToken, Map.of("reason", "Section 2 contradicts the rules in force"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("REJECTED"));
        assertThat(jdbc.sql("select reason from policy_version_rejection where version_id = ?").param(version)
                .query(String.class).single()).isEqualTo("Section 2 contradicts the rules in force");
    }

    private static Map<String, Object> question(int n) {
        return Map.of("textZh", "问题" + n, "textEn", "Question " + n, "options", List.of(
                Map.of("textZh", "对", "textEn", "Right", "correct", true),
                Map.of("textZh", "错", "textEn", "Wrong", "correct", false)));
    }

    private ResultActions send(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            String token, Object body) throws Exception {
        return mvc.perform(request.header("Authorization", token).contentType(MediaType.APPLICATION_JSON)
                .content(Api.json(body)));
    }
}
