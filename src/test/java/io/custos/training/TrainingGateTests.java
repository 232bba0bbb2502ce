package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import io.custos.identity.Role;
import io.custos.shared.DomainException;
import io.custos.shared.HomeTask;
import io.custos.training.TrainingFixture.Person;

/**
 * R-EMP-2, R-EMP-4: a course built, published and assigned to a department; its members are
 * refused by the gate until they accept the agreement and pass, allowed after, refused again when
 * the pass runs out a year later (the clock moved), and reminded on the home page along the way.
 */
class TrainingGateTests extends TrainingIntegrationTest {

    @Autowired PolicyDocuments documents;
    @Autowired Courses courses;
    @Autowired Quizzes quizzes;
    @Autowired TrainingGate gate;
    @Autowired TrainingHomeTasks homeTasks;

    @Test
    void anAnswerIsReusedForAFewSecondsUnlessAChangeIsRecordedHere() {
        UUID department = department();
        Person employee = member(department);
        UUID agreement = TrainingFixture.publishAgreement(documents, officer, manager);
        run(employee, () -> documents.acknowledge(agreement, employee.user()));
        assertThat(gate.check(employee.id()).allowed()).isTrue();

        // Another node withdraws the acknowledgment: this one answers from its copy until the refresh.
        jdbc.sql("delete from policy_acknowledgment where employee_id = ?").param(employee.id()).update();
        assertThat(gate.check(employee.id()).allowed()).isTrue();
        clock.advance(TrainingGate.REFRESH);
        assertThat(gate.check(employee.id()).reasonCode()).isEqualTo("agreement-missing");

        // A change recorded on this node applies at once.
        run(employee, () -> documents.acknowledge(agreement, employee.user()));
        assertThat(gate.check(employee.id()).allowed()).isTrue();
    }

    @Test
    void theGateRefusesUntilTheAgreementIsAcceptedAndTheCourseIsPassedAndAgainWhenThePassRunsOut() {
        UUID department = department();
        Person employee = member(department);
        UUID course = course(20, 5, true);
        run(officer, () -> courses.assign(course, null, department, today().plusDays(14), officer.user()));
        UUID agreement = TrainingFixture.publishAgreement(documents, officer, manager);

        GateAnswer noAgreement = gate.check(employee.id());
        assertThat(noAgreement.reasonCode()).isEqualTo("agreement-missing");
        UUID agreementDocument = documents.agreementId().orElseThrow();
        assertThat(noAgreement.document()).isEqualTo(agreementDocument);
        assertThat(noAgreement.remedyPath()).isEqualTo("/training/documents/" + agreementDocument);
        assertThat(noAgreement.remedyMessageKey()).isEqualTo("training.gate.remedy.agreement");
        run(employee, () -> documents.acknowledge(agreement, employee.user()));
        GateAnswer missing = gate.check(employee.id());
        assertThat(missing.reasonCode()).isEqualTo("training-missing");
        assertThat(missing.courses()).containsExactly(course);
        assertThat(missing.remedyPath()).isEqualTo("/training/courses/" + course);
        assertThat(missing.remedyMessageKey()).isEqualTo("training.gate.remedy.course");
        // The gate refuses until it is passed: blocking, not a reminder, though not due for two weeks.
        assertThat(homeTasks.tasksFor(employee.id())).filteredOn(t -> t.link().equals("/training/courses/" + course))
                .singleElement().satisfies(t -> {
                    assertThat(t.messageKey()).isEqualTo("home.task.training.blocking");
                    assertThat(t.severity()).isEqualTo(HomeTask.Severity.ACTION_REQUIRED);
                });

        UUID failed = as(employee, () -> quizzes.start(course, employee.user()));
        assertThat(as(employee, () -> quizzes.start(course, employee.user()))).as("an open attempt is resumed")
                .isEqualTo(failed);
        AttemptView wrong = as(employee, () -> quizzes.submit(failed, answers(course, failed, employee, false),
                employee.user()));
        assertThat(wrong.result().passed()).isFalse();
        assertThat(wrong.result().score()).isZero();
        assertThat(gate.check(employee.id()).reasonCode()).isEqualTo("training-missing");

        UUID passed = as(employee, () -> quizzes.start(course, employee.user()));
        assertThat(passed).isNotEqualTo(failed);
        clock.advance(Duration.ofMinutes(1)); // time to read the questions
        AttemptView right = as(employee, () -> quizzes.submit(passed, answers(course, passed, employee, true),
                employee.user()));
        assertThat(right.result().passed()).isTrue();
        assertThat(right.result().score()).isEqualTo(100);
        assertThat(right.result().validUntil()).isEqualTo(
                right.result().submittedAt().atZone(ZoneOffset.UTC).plusMonths(12).toInstant());
        assertThat(gate.check(employee.id()).allowed()).isTrue();
        assertThat(tasks(employee)).doesNotContain("home.task.training.blocking");
        assertThat(gate.check(employee.id()).remedyPath()).isNull();
        assertThat(jdbc.sql("select score from training_attempt where id = ?").param(passed).query(Integer.class)
                .single()).isEqualTo(100);
        assertThat(jdbc.sql("select action from audit_event where target_id = ? order by id").param(passed.toString())
                .query(String.class).list()).containsExactly("training.quiz.started", "training.quiz.submitted");

        clock.advance(Duration.ofDays(350));
        assertThat(gate.check(employee.id()).allowed()).isTrue();
        assertThat(tasks(employee)).contains("home.task.training.expiring");

        // The pass runs out at its instant, on every node, not up to the answers' refresh later (issue 23).
        clock.advance(Duration.between(clock.instant(), right.result().validUntil()).minusMillis(1));
        assertThat(gate.check(employee.id()).allowed()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(gate.check(employee.id()).reasonCode()).isEqualTo("training-expired");
        clock.advance(Duration.ofDays(5));
        GateAnswer expired = gate.check(employee.id());
        assertThat(expired.reasonCode()).isEqualTo("training-expired");
        assertThat(expired.courses()).containsExactly(course);
        assertThat(expired.remedyPath()).isEqualTo("/training/courses/" + course);
        assertThat(tasks(employee)).contains("home.task.training.blockingExpired");
    }

    @Test
    void quizzesAreDrawnFromTheBankAndScoredOnlyWithEveryQuestionAnswered() {
        UUID department = department();
        Person employee = member(department);
        UUID course = course(8, 4, false);
        run(officer, () -> courses.assign(course, null, department, today().minusDays(1), officer.user()));
        assertThat(as(employee, () -> quizzes.mine(employee.user())).get(0).standing()).isEqualTo(Standing.OVERDUE);

        UUID attempt = as(employee, () -> quizzes.start(course, employee.user()));
        AttemptView view = as(employee, () -> quizzes.attempt(attempt, employee.user()));
        List<UUID> bank = jdbc.sql("select id from training_question where course_id = ?").param(course)
                .query(UUID.class).list();
        assertThat(view.questions()).hasSize(4).extracting(AttemptView.Question::questionId)
                .doesNotHaveDuplicates().allMatch(bank::contains);

        Map<UUID, UUID> answers = answers(course, attempt, employee, true);
        UUID left = answers.keySet().iterator().next();
        answers.remove(left);
        assertThatThrownBy(() -> as(employee, () -> quizzes.submit(attempt, answers, employee.user())))
                .isInstanceOf(DomainException.class).hasMessage("quiz-answers-incomplete");
        // Three of four right: 75 %, under the pass mark of 80.
        answers.put(left, option(left, false));
        AttemptView result = as(employee, () -> quizzes.submit(attempt, answers, employee.user()));
        assertThat(result.result().score()).isEqualTo(75);
        assertThat(result.result().passed()).isFalse();
        assertThat(result.questions()).as("a failed attempt does not tell which answers were wrong")
                .allMatch(q -> q.correct() == null);
        assertThatThrownBy(() -> as(employee, () -> quizzes.submit(attempt, answers, employee.user())))
                .isInstanceOf(DomainException.class).hasMessage("attempt-submitted");

        Person stranger = fixture.person(Role.EMPLOYEE);
        assertThatThrownBy(() -> as(stranger, () -> quizzes.attempt(attempt, stranger.user())))
                .isInstanceOf(DomainException.class).hasMessage("not-found");
        assertThatThrownBy(() -> as(stranger, () -> quizzes.start(course, stranger.user())))
                .isInstanceOf(DomainException.class).hasMessage("not-found");
    }

    @Test
    void aCourseIsPublishedOnlyWithLessonsAndEnoughQuestionsAndIsFrozenAfter() {
        UUID course = as(officer, () -> courses.create(settings(6, false), officer.user()));
        assertThatThrownBy(() -> run(officer, () -> courses.publish(course, officer.user())))
                .isInstanceOf(DomainException.class).hasMessage("course-incomplete");
        fill(course, 6);
        run(officer, () -> courses.publish(course, officer.user()));
        assertThatThrownBy(() -> run(officer, () -> courses.addQuestion(course, question(99), officer.user())))
                .isInstanceOf(DomainException.class).hasMessage("course-state");
        assertThatThrownBy(() -> run(officer, () -> courses.assign(course, null, null, today(), officer.user())))
                .isInstanceOf(DomainException.class).hasMessage("assignment-invalid");
        Person employee = fixture.person(Role.EMPLOYEE);
        assertThatThrownBy(() -> as(employee, () -> courses.create(settings(1, false), employee.user())))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThatThrownBy(() -> new QuestionContent("问", "Q", List.of(new QuestionContent.Option("甲", "A", true),
                new QuestionContent.Option("乙", "B", true)))).isInstanceOf(DomainException.class)
                .hasMessage("question-invalid");
    }

    UUID course(int bank, int draw, boolean mandatory) {
        UUID course = as(officer, () -> courses.create(settings(draw, mandatory), officer.user()));
        fill(course, bank);
        run(officer, () -> courses.publish(course, officer.user()));
        return course;
    }

    void fill(UUID course, int questions) {
        run(officer, () -> courses.addLesson(course, new LessonContent("第一课", "Lesson one", "正文", "Text"),
                officer.user()));
        for (int i = 1; i <= questions; i++) {
            int n = i;
            run(officer, () -> courses.addQuestion(course, question(n), officer.user()));
        }
    }

    static CourseContent settings(int draw, boolean mandatory) {
        return new CourseContent("保密培训", "Confidentiality training", "简介", "Summary", 80, draw, mandatory);
    }

    static QuestionContent question(int n) {
        return new QuestionContent("问题 " + n, "Question " + n, List.of(new QuestionContent.Option("错", "Wrong", false),
                new QuestionContent.Option("对", "Right", true), new QuestionContent.Option("否", "No", false)));
    }

    /** All answers of an attempt, right or wrong, chosen the way the page would send them. */
    Map<UUID, UUID> answers(UUID course, UUID attempt, Person person, boolean right) {
        Map<UUID, UUID> answers = new HashMap<>();
        for (AttemptView.Question q : as(person, () -> quizzes.attempt(attempt, person.user())).questions()) {
            answers.put(q.questionId(), option(q.questionId(), right));
        }
        return answers;
    }

    UUID option(UUID question, boolean correct) {
        return jdbc.sql("select id from training_option where question_id = ? and correct = ? order by position")
                .params(question, correct).query(UUID.class).list().get(0);
    }

    UUID department() {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, '培训测试部', 'Training test', ?)")
                .params(id, "T" + id.toString().substring(0, 8), OffsetDateTime.now(ZoneOffset.UTC)).update();
        return id;
    }

    Person member(UUID department) {
        Person person = fixture.person(Role.EMPLOYEE);
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, person.id()).update();
        return person;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    List<String> tasks(Person person) {
        return homeTasks.tasksFor(person.id()).stream().map(HomeTask::messageKey).toList();
    }
}
