package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpSession;

import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.training.TrainingFixture.Person;

/**
 * Issue 13.4: the quiz was passed by a script on its fifth try within a second. Here a script
 * that learns from every result it gets tries again and again; it gets three attempts a day, each
 * with questions it has not seen, a score but no word on which answers were right, and a pass
 * submitted faster than the questions can be read does not count and is shown in the reports.
 */
class QuizAttackTests extends TrainingIntegrationTest {

    private static final int BANK = 15;
    private static final int DRAW = 5;

    @Autowired PolicyDocuments documents;
    @Autowired Courses courses;
    @Autowired Quizzes quizzes;
    @Autowired TrainingGate gate;
    @Autowired TrainingReports reports;

    @Test
    void aScriptThatLearnsFromEveryResultCannotPassByTrialAndError() {
        UUID department = department();
        Person attacker = member(department);
        UUID course = course(department);
        acceptAgreement(attacker);

        // What the script knows: options it saw marked wrong, and the right one where it saw it.
        Map<UUID, UUID> right = new HashMap<>();
        Map<UUID, Set<UUID>> wrong = new HashMap<>();
        List<Set<UUID>> draws = new ArrayList<>();
        DomainException stopped = null;
        boolean passed = false;
        for (int attempt = 0; attempt < 20 && !passed && stopped == null; attempt++) {
            UUID id;
            try {
                id = as(attacker, () -> quizzes.start(course, attacker.user()));
            } catch (DomainException e) {
                stopped = e;
                break;
            }
            AttemptView questions = as(attacker, () -> quizzes.attempt(id, attacker.user()));
            draws.add(questions.questions().stream().map(AttemptView.Question::questionId)
                    .collect(java.util.stream.Collectors.toSet()));
            Map<UUID, UUID> answers = new HashMap<>();
            for (AttemptView.Question q : questions.questions()) {
                UUID known = right.get(q.questionId());
                UUID guess = known != null ? known : q.choices().stream().map(AttemptView.Choice::id)
                        .filter(c -> !wrong.getOrDefault(q.questionId(), Set.of()).contains(c)).findFirst().orElseThrow();
                answers.put(q.questionId(), guess);
            }
            clock.advance(Duration.ofSeconds(1));
            AttemptView result = as(attacker, () -> quizzes.submit(id, answers, attacker.user()));
            passed = result.result().passed();
            for (AttemptView.Question q : result.questions()) {
                if (Boolean.TRUE.equals(q.correct())) {
                    right.put(q.questionId(), q.chosen());
                } else if (Boolean.FALSE.equals(q.correct())) {
                    wrong.computeIfAbsent(q.questionId(), k -> new HashSet<>()).add(q.chosen());
                }
            }
        }

        assertThat(passed).isFalse();
        assertThat(gate.check(attacker.id()).reasonCode()).isEqualTo("training-missing");
        assertThat(right).as("no result told which answers were right").isEmpty();
        assertThat(wrong).as("no result told which answers were wrong").isEmpty();
        assertThat(draws).as("three attempts a day").hasSize(3);
        assertThat(stopped).isNotNull();
        assertThat(stopped.code()).isEqualTo("quiz-attempts-exhausted");
        assertThat(stopped.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        Set<UUID> all = new HashSet<>();
        draws.forEach(all::addAll);
        assertThat(all).as("no attempt of the day repeats a question of another").hasSize(3 * DRAW);
        assertThat(jdbc.sql("select count(*) from training_attempt where employee_id = ?").param(attacker.id())
                .query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'training.quiz.started' "
                        + "and outcome = 'DENIED' and actor_id = ?").param(attacker.id())
                .query(Long.class).single()).isPositive();

        // A day later the attempts are back.
        clock.advance(Duration.ofHours(24));
        assertThat(as(attacker, () -> quizzes.allowance(course, attacker.user())).left()).isEqualTo(3);
        UUID next = as(attacker, () -> quizzes.start(course, attacker.user()));
        assertThat(next).isNotNull();
    }

    @Test
    void aPassSubmittedFasterThanTheQuestionsCanBeReadDoesNotCountAndIsReported() {
        UUID department = department();
        Person scripted = member(department);
        UUID course = course(department);
        acceptAgreement(scripted);

        // Every answer right (say, from a leaked key), sent back within the second.
        UUID id = as(scripted, () -> quizzes.start(course, scripted.user()));
        clock.advance(Duration.ofSeconds(1));
        AttemptView result = as(scripted, () -> quizzes.submit(id, rightAnswers(id, scripted), scripted.user()));
        assertThat(result.result().score()).isEqualTo(100);
        assertThat(result.result().passed()).isFalse();
        assertThat(result.result().tooFast()).isTrue();
        assertThat(result.result().validUntil()).isNull();
        assertThat(result.questions()).allMatch(q -> q.correct() == null);
        assertThat(gate.check(scripted.id()).allowed()).isFalse();
        assertThat(jdbc.sql("select details from audit_event where action = 'training.quiz.submitted' and target_id = ?")
                .param(id.toString()).query(String.class).single()).contains("tooFast");

        TrainingReports.Report report = as(officer, () -> reports.report(officer.user()));
        assertThat(report.tooFast()).filteredOn(t -> t.attemptId().equals(id)).singleElement()
                .satisfies(t -> {
                    assertThat(t.username()).isEqualTo(scripted.account().username());
                    assertThat(t.seconds()).isEqualTo(1);
                    assertThat(t.wouldHavePassed()).isTrue();
                });

        // Read at a human pace (5 s a question here), the same answers pass.
        UUID read = as(scripted, () -> quizzes.start(course, scripted.user()));
        clock.advance(Duration.ofSeconds(5L * DRAW));
        AttemptView pass = as(scripted, () -> quizzes.submit(read, rightAnswers(read, scripted), scripted.user()));
        assertThat(pass.result().passed()).isTrue();
        assertThat(pass.questions()).as("a pass may say which were right").allMatch(q -> Boolean.TRUE.equals(q.correct()));
        assertThat(gate.check(scripted.id()).allowed()).isTrue();
    }

    @Test
    void parallelStartsCannotExceedTheAttemptLimit() throws Exception {
        UUID department = department();
        Person racer = member(department);
        UUID course = course(department);
        acceptAgreement(racer);
        for (int i = 0; i < 2; i++) {
            UUID id = as(racer, () -> quizzes.start(course, racer.user()));
            Map<UUID, UUID> answers = wrongAnswers(id, racer);
            clock.advance(Duration.ofSeconds(1));
            run(racer, () -> quizzes.submit(id, answers, racer.user()));
        }

        // Eight requests at once, each starting and submitting as fast as it can, again and again.
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                go.await();
                for (int round = 0; round < 3; round++) {
                    try {
                        UUID id = as(racer, () -> quizzes.start(course, racer.user()));
                        Map<UUID, UUID> answers = wrongAnswers(id, racer);
                        run(racer, () -> quizzes.submit(id, answers, racer.user()));
                    } catch (DomainException | org.springframework.dao.DataAccessException e) {
                        // Refused, or lost a race with a parallel request: what the limit is for.
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unexpected).isEmpty();
        assertThat(jdbc.sql("select count(*) from training_attempt where employee_id = ? and course_id = ?")
                .params(racer.id(), course).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void thePagesShowNoAnswersAfterAFailureAndNoStartButtonOnceTheAttemptsAreUsed() throws Exception {
        UUID department = department();
        Person person = member(department);
        UUID course = course(department);
        acceptAgreement(person);
        MockHttpSession session = fixture.signIn(person);
        assertThat(page("/training/courses/" + course, session)).contains("Attempts left in 24 hours: 3 of 3.",
                "id=\"start-quiz\"");
        for (int i = 0; i < 3; i++) {
            String location = mvc.perform(post("/training/courses/" + course + "/attempts").session(session).with(csrf()))
                    .andReturn().getResponse().getRedirectedUrl();
            UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
            var submit = post(location).session(session).with(csrf()).header("Accept-Language", "en");
            for (Map.Entry<UUID, UUID> answer : wrongAnswers(id, person).entrySet()) {
                submit = submit.param("q." + answer.getKey(), answer.getValue().toString());
            }
            clock.advance(Duration.ofMinutes(1));
            String result = mvc.perform(submit).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(result).contains("Not passed", "Score 0%").doesNotContain("id=\"answers\"")
                    .doesNotContain(">wrong<").doesNotContain(">right<");
        }
        String exhausted = page("/training/courses/" + course, session);
        assertThat(exhausted).contains("You have used all 3 attempts allowed in 24 hours").doesNotContain("id=\"start-quiz\"");
        mvc.perform(post("/training/courses/" + course + "/attempts").session(session).with(csrf()))
                .andExpect(redirectedUrl("/training/courses/" + course));
        assertThat(page("/training/courses/" + course, session)).contains("id=\"problem\"");
        assertThat(mvc.perform(get("/training/courses/" + course).session(session).header("Accept-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsString()).contains("您已用完 24 小时内允许的全部 3 次作答");
    }

    @Test
    void overTheApiAFailedAttemptCarriesNoAnswersAndTheFourthStartIsAProblemDocument() throws Exception {
        UUID department = department();
        Person person = member(department);
        UUID course = course(department);
        acceptAgreement(person);
        String token = io.custos.support.Api.token(mvc, person.account(), clock.instant());
        for (int i = 0; i < 3; i++) {
            var started = mvc.perform(post("/api/v1/training/courses/" + course + "/attempts").header("Authorization", token))
                    .andExpect(status().isCreated()).andReturn();
            String id = io.custos.support.Api.body(started).get("id").toString();
            Map<String, Object> answers = new HashMap<>();
            wrongAnswers(UUID.fromString(id), person).forEach((q, o) -> answers.put(q.toString(), o.toString()));
            clock.advance(Duration.ofMinutes(1));
            mvc.perform(post("/api/v1/training/attempts/" + id + "/submission").header("Authorization", token)
                            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                            .content(io.custos.support.Api.json(Map.of("answers", answers))))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.result.passed").value(false))
                    .andExpect(jsonPath("$.result.score").value(0))
                    .andExpect(jsonPath("$.questions[*].correct", org.hamcrest.Matchers.everyItem(
                            org.hamcrest.Matchers.nullValue())));
        }
        mvc.perform(post("/api/v1/training/courses/" + course + "/attempts").header("Authorization", token))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("quiz-attempts-exhausted"))
                .andExpect(jsonPath("$.maxAttempts").value(3))
                .andExpect(jsonPath("$.retryAt").exists());
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return mvc.perform(get(path).session(session).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private UUID course(UUID department) {
        UUID course = as(officer, () -> courses.create(TrainingGateTests.settings(DRAW, true), officer.user()));
        run(officer, () -> courses.addLesson(course, new LessonContent("第一课", "Lesson one", "正文", "Text"),
                officer.user()));
        for (int i = 1; i <= BANK; i++) {
            int n = i;
            run(officer, () -> courses.addQuestion(course, TrainingGateTests.question(n), officer.user()));
        }
        run(officer, () -> courses.publish(course, officer.user()));
        LocalDate due = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(14);
        run(officer, () -> courses.assign(course, null, department, due, officer.user()));
        return course;
    }

    private void acceptAgreement(Person person) {
        UUID agreement = TrainingFixture.publishAgreement(documents, officer, manager);
        run(person, () -> documents.acknowledge(agreement, person.user()));
    }

    private Map<UUID, UUID> rightAnswers(UUID attempt, Person person) {
        return answers(attempt, person, true);
    }

    private Map<UUID, UUID> wrongAnswers(UUID attempt, Person person) {
        return answers(attempt, person, false);
    }

    private Map<UUID, UUID> answers(UUID attempt, Person person, boolean correct) {
        Map<UUID, UUID> answers = new HashMap<>();
        for (UUID q : jdbc.sql("select question_id from training_attempt_question where attempt_id = ?").param(attempt)
                .query(UUID.class).list()) {
            answers.put(q, jdbc.sql("select id from training_option where question_id = ? and correct = ? "
                    + "order by position").params(q, correct).query(UUID.class).list().get(0));
        }
        return answers;
    }

    private UUID department() {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, '测验部', 'Quiz', ?)")
                .params(id, "Q" + id.toString().substring(0, 8), OffsetDateTime.now(ZoneOffset.UTC)).update();
        return id;
    }

    private Person member(UUID department) {
        Person person = fixture.person(Role.EMPLOYEE);
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, person.id()).update();
        return person;
    }
}
