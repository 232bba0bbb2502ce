package io.custos.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.custos.identity.CustosUser;
import io.custos.identity.Role;
import io.custos.support.Gate;
import io.custos.support.IntegrationTest;
import io.custos.support.MutableClock;
import io.custos.support.Pages;
import io.custos.support.TestAccounts;
import io.custos.training.CourseContent;
import io.custos.training.Courses;
import io.custos.training.LessonContent;
import io.custos.training.PolicyDocuments;
import io.custos.training.QuestionContent;

/**
 * Issue 14.9: a reveal the training gate refuses says what lifts the refusal and links to it: the
 * agreement to accept, then the mandatory course to pass; and the training page says the same.
 */
@IntegrationTest
class RevealGateRemedyPagesTests {

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired TestAccounts accounts;
    @Autowired PolicyDocuments documents;
    @Autowired Courses courses;

    @Test
    void aRefusalByTheTrainingGateLinksToTheAgreementThenToTheCourse() throws Exception {
        if (documents.agreementInForce().isEmpty()) {
            Gate.publishAgreement(documents, accounts, clock.instant());
        }
        UUID agreement = documents.agreementInForce().orElseThrow();
        UUID department = accounts.department("GR" + UUID.randomUUID().toString().substring(0, 6));
        TestAccounts.Account owner = accounts.create(clock.instant(), Set.of(Role.EMPLOYEE));
        accounts.moveTo(owner, department);
        MockHttpSession session = Pages.signIn(mvc, owner, clock.instant());
        String location = create(session);

        mvc.perform(reveal(location, session).header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("agreement-missing"))
                .andExpect(jsonPath("$.remedyUrl").value("/training/documents/" + agreement))
                .andExpect(jsonPath("$.remedyLabel").value("Read and accept the agreement"));
        mvc.perform(reveal(location, session).header("Accept-Language", "zh-CN"))
                .andExpect(jsonPath("$.remedyLabel").value("阅读并接受保密协议"));

        Gate.pass(documents, accounts, clock.instant(), owner, Set.of(Role.EMPLOYEE));
        UUID course = mandatoryCourse(department);
        mvc.perform(reveal(location, session).header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("training-missing"))
                .andExpect(jsonPath("$.remedyUrl").value("/training/courses/" + course))
                .andExpect(jsonPath("$.remedyLabel").value("Open the course and take its quiz"));
        assertThat(mvc.perform(get("/training").session(session).header("Accept-Language", "en"))
                .andReturn().getResponse().getContentAsString())
                .contains("id=\"gate-remedy\" href=\"/training/courses/" + course + "\"");

        // A refusal the gate has no part in links nowhere.
        mvc.perform(post(location + "/reveal").session(session).with(csrf()).accept("application/json")
                        .param("field", "email").param("purpose", "MARKETING").header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("purpose-not-consented"))
                .andExpect(jsonPath("$.remedyUrl").doesNotExist());
    }

    private UUID mandatoryCourse(UUID department) {
        TestAccounts.Account officerAccount = accounts.create(clock.instant(), Set.of(Role.ADMIN_OFFICER));
        CustosUser officer = Gate.user(officerAccount, Set.of(Role.ADMIN_OFFICER));
        return Gate.as(officer, () -> {
            UUID id = courses.create(new CourseContent("必修", "Mandatory", "简介", "Summary", 80, 1, true), officer);
            courses.addLesson(id, new LessonContent("课", "Lesson", "正文", "Text"), officer);
            courses.addQuestion(id, new QuestionContent("问", "Question", List.of(
                    new QuestionContent.Option("对", "Right", true), new QuestionContent.Option("错", "Wrong", false))),
                    officer);
            courses.publish(id, officer);
            courses.assign(id, null, department, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(30),
                    officer);
            return id;
        });
    }

    private String create(MockHttpSession session) throws Exception {
        return mvc.perform(post("/customers").session(session).with(csrf())
                        .param("f.companyName", "培训门槛链接公司").param("f.contactName", "周门槛")
                        .param("f.phone", "138 0013 8001").param("f.email", "gate.remedy@example.cn")
                        .param("consent.noticeVersion", "1").param("consent.purpose.SALES_FOLLOW_UP", "1")
                        .param("consent.channel", "PAPER_FORM"))
                .andExpect(redirectedUrlPattern("/customers/*")).andReturn().getResponse().getRedirectedUrl();
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder reveal(String location,
            MockHttpSession session) {
        return post(location + "/reveal").session(session).with(csrf()).accept("application/json")
                .param("field", "phone").param("purpose", "SALES_FOLLOW_UP");
    }
}
