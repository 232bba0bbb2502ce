package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.custos.identity.Role;
import io.custos.training.TrainingFixture.Person;

/** The course builder and the quiz through the pages, in both languages. */
class TrainingPagesTests extends TrainingIntegrationTest {

    @Autowired Courses courses;

    @Test
    void theOfficerBuildsACourseAndAnEmployeeTakesItsQuizInThePage() throws Exception {
        MockHttpSession admin = fixture.signIn(officer);
        String location = mvc.perform(post("/training/admin/courses").session(admin).with(csrf())
                        .param("titleZh", "页面课程").param("titleEn", "Page course").param("summaryZh", "简介")
                        .param("summaryEn", "Summary").param("passMark", "50").param("questionCount", "2"))
                .andExpect(redirectedUrlPattern("/training/admin/courses/*")).andReturn().getResponse().getRedirectedUrl();
        UUID course = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        mvc.perform(post(location + "/lessons").session(admin).with(csrf()).param("titleZh", "第一课")
                .param("titleEn", "First lesson").param("bodyZh", "内容").param("bodyEn", "**Lock** your screen."))
                .andExpect(redirectedUrl(location));
        // One correct option too few: refused, and what was typed comes back.
        assertThat(send(post(location + "/questions").param("textZh", "问一").param("textEn", "First question")
                .param("option1Zh", "甲").param("option1En", "Alpha").param("option2Zh", "乙").param("option2En", "Beta"), admin))
                .contains("exactly one of them marked correct", "value=\"First question\"");
        for (int i = 1; i <= 3; i++) {
            mvc.perform(post(location + "/questions").session(admin).with(csrf()).param("textZh", "问" + i)
                    .param("textEn", "Question " + i).param("option1Zh", "对").param("option1En", "Right")
                    .param("option2Zh", "错").param("option2En", "Wrong").param("correct", "1"))
                    .andExpect(redirectedUrl(location));
        }
        mvc.perform(post(location + "/publish").session(admin).with(csrf())).andExpect(redirectedUrl(location));
        mvc.perform(post(location + "/assignments").session(admin).with(csrf()).param("target", "ROLE:AUDITOR")
                .param("dueOn", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(7).toString()))
                .andExpect(redirectedUrl(location));
        assertThat(send(get(location), admin)).contains("Question 3", "Published", "Auditor");
        assertThat(send(get("/training/admin/courses"), admin)).contains("Page course");

        // An auditor (the role it was assigned to) takes it.
        Person auditor = fixture.person(Role.AUDITOR);
        MockHttpSession session = fixture.signIn(auditor);
        assertThat(send(get("/training"), session)).contains("Page course", "To do");
        assertThat(send(get("/training/courses/" + course), session)).contains("<strong>Lock</strong>", "id=\"start-quiz\"");
        String attempt = mvc.perform(post("/training/courses/" + course + "/attempts").session(session).with(csrf()))
                .andExpect(redirectedUrlPattern("/training/attempts/*")).andReturn().getResponse().getRedirectedUrl();
        String quiz = send(get(attempt), session);
        assertThat(quiz).contains("id=\"submit-quiz\"").doesNotContain("Right\" correct");
        MockHttpServletRequestBuilder submit = post(attempt);
        UUID attemptId = UUID.fromString(attempt.substring(attempt.lastIndexOf('/') + 1));
        for (UUID question : jdbc.sql("select question_id from training_attempt_question where attempt_id = ?")
                .param(attemptId).query(UUID.class).list()) {
            submit = submit.param("q." + question, jdbc.sql("select id from training_option where question_id = ? "
                    + "and correct = true").param(question).query(UUID.class).single().toString());
        }
        clock.advance(Duration.ofMinutes(1)); // time to read the questions
        assertThat(send(submit, session)).contains("Passed.", "Score 100%: 2 of 2 correct");
        assertThat(send(get("/training"), session, "zh-CN")).contains("已合格", "页面课程");

        // Others see neither the builder nor a course not assigned to them.
        Person employee = fixture.person(Role.EMPLOYEE);
        MockHttpSession other = fixture.signIn(employee);
        mvc.perform(get("/training/admin/courses").session(other)).andExpect(status().isForbidden());
        mvc.perform(get("/training/courses/" + course).session(other)).andExpect(status().isNotFound());
        run(officer, () -> courses.retire(course, officer.user()));
        assertThat(as(officer, () -> courses.get(course)).state()).isEqualTo(CourseState.RETIRED);
    }

    private String send(MockHttpServletRequestBuilder request, MockHttpSession session) throws Exception {
        return send(request, session, "en");
    }

    private String send(MockHttpServletRequestBuilder request, MockHttpSession session, String language)
            throws Exception {
        return mvc.perform(request.session(session).with(csrf()).header("Accept-Language", language))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
