package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.mail.SimpleMailMessage;

import io.custos.identity.Role;
import io.custos.shared.MailOutbox;
import io.custos.support.RecordingMail;
import io.custos.training.TrainingFixture.Person;

/**
 * Where e-mail is configured: publication tells everyone with an address, reminders go out once
 * each, and a mail server that fails never fails the approval that triggered it.
 */
@Import(RecordingMail.class)
class TrainingMailTests extends TrainingIntegrationTest {

    @Autowired PolicyDocuments documents;
    @Autowired Courses courses;
    @Autowired TrainingReminders reminders;
    @Autowired RecordingMail mail;
    @Autowired MailOutbox outbox;
    @Autowired Quizzes quizzes;

    @Test
    void publicationAndOverdueCoursesAreMailedOnceAndAFailingServerFailsNothing() throws Exception {
        Person employee = fixture.person(Role.EMPLOYEE);
        String address = employee.account().username() + "@example.com";
        jdbc.sql("update employee set email = ? where id = ?").params(address, employee.id()).update();

        UUID version = as(officer, () -> documents.create(DocumentKind.POLICY, TrainingFixture.content("mail"),
                officer.user()));
        run(officer, () -> documents.submit(version, officer.user()));
        run(manager, () -> documents.approve(version, manager.user()));
        SimpleMailMessage notice = mail.await(address, "请阅读并确认");
        assertThat(notice.getSubject()).contains("Title mail", "Please read and acknowledge");
        assertThat(notice.getText()).contains("http://localhost:8080/training/documents/");

        UUID department = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, '邮件部', 'Mail', ?)")
                .params(department, "M" + department.toString().substring(0, 8), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        jdbc.sql("update employee set department_id = ? where id = ?").params(department, employee.id()).update();
        UUID course = as(officer, () -> courses.create(TrainingGateTests.settings(1, true), officer.user()));
        run(officer, () -> courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), officer.user()));
        run(officer, () -> courses.addQuestion(course, TrainingGateTests.question(1), officer.user()));
        run(officer, () -> courses.publish(course, officer.user()));
        run(officer, () -> courses.assign(course, null, department,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1), officer.user()));

        assertThat(reminders.send()).isGreaterThanOrEqualTo(1);
        assertThat(mail.await(address, "Confidentiality training").getText()).contains("was due on",
                "/training/courses/" + course);
        int before = mail.sent.size();
        reminders.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent.stream().filter(m -> List.of(m.getTo()).contains(address)).count())
                .isEqualTo(mail.sent.subList(0, before).stream().filter(m -> List.of(m.getTo()).contains(address)).count());

        mail.failing = true;
        UUID next = as(officer, () -> documents.draftNext(
                jdbc.sql("select document_id from policy_document_version where id = ?").param(version)
                        .query(UUID.class).single(), TrainingFixture.content("mail 2"), officer.user()));
        run(officer, () -> documents.submit(next, officer.user()));
        run(manager, () -> documents.approve(next, manager.user()));
        assertThat(jdbc.sql("select state from policy_document_version where id = ?").param(next).query(String.class)
                .single()).isEqualTo("PUBLISHED");
        mail.failing = false;
    }

    /**
     * Issue 14.14: at 20:00 UTC it is already the next day in Shanghai (the company's zone). A course
     * due "today" in UTC is overdue there, but not for a colleague who chose Berlin; the reminder
     * says so with the due date as entered.
     */
    @Test
    void aDueDateEndsAtMidnightWhereThePersonIs() {
        clock.set(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atTime(20, 0)
                .toInstant(ZoneOffset.UTC));
        LocalDate utcToday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        UUID department = department("Z");
        Person shanghai = member(department, null);
        Person berlin = member(department, "Europe/Berlin");
        UUID course = course(department, utcToday);

        assertThat(as(shanghai, () -> quizzes.mine(shanghai.user())).get(0).standing()).isEqualTo(Standing.OVERDUE);
        assertThat(as(berlin, () -> quizzes.mine(berlin.user())).get(0).standing()).isEqualTo(Standing.DUE);
        reminders.send();
        assertThat(mail.await(address(shanghai), "Confidentiality training").getText()).contains("was due on "
                + utcToday, "/training/courses/" + course);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> outbox.waiting() == 0);
        assertThat(mail.sent).noneMatch(m -> List.of(m.getTo()).contains(address(berlin)));
    }

    /**
     * Issue 14.14: a pass that runs out at 20:00 UTC runs out on the next day in Shanghai, and the
     * letter says that day; the reminder's key stays the UTC day, so keys recorded before still match.
     */
    @Test
    void aPassRunningOutIsRemindedWithTheDayWhereThePersonIs() {
        clock.set(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).atTime(19, 59)
                .toInstant(ZoneOffset.UTC));
        UUID department = department("E");
        Person employee = member(department, null);
        UUID course = course(department, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(30));
        UUID attempt = as(employee, () -> quizzes.start(course, employee.user()));
        clock.advance(Duration.ofMinutes(1));
        java.util.Map<UUID, UUID> answers = new java.util.HashMap<>();
        as(employee, () -> quizzes.attempt(attempt, employee.user())).questions().forEach(q -> answers.put(
                q.questionId(), jdbc.sql("select id from training_option where question_id = ? and correct = true")
                        .param(q.questionId()).query(UUID.class).single()));
        java.time.Instant validUntil = as(employee, () -> quizzes.submit(attempt, answers, employee.user())).result()
                .validUntil();
        LocalDate utcDay = LocalDate.ofInstant(validUntil, ZoneOffset.UTC);
        LocalDate shanghaiDay = LocalDate.ofInstant(validUntil, java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(shanghaiDay).isEqualTo(utcDay.plusDays(1));

        clock.set(validUntil.minus(Duration.ofDays(10)));
        reminders.send();
        assertThat(mail.await(address(employee), "Confidentiality training").getText())
                .contains("runs out on " + shanghaiDay).doesNotContain(utcDay.toString());
        assertThat(jdbc.sql("select reference_on from training_reminder where employee_id = ? and kind = 'EXPIRING'")
                .param(employee.id()).query(LocalDate.class).single()).isEqualTo(utcDay);
    }

    private UUID department(String prefix) {
        UUID department = UUID.randomUUID();
        jdbc.sql("insert into department (id, code, name_zh, name_en, created_at) values (?, ?, '时区部', 'Zones', ?)")
                .params(department, prefix + department.toString().substring(0, 8), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return department;
    }

    private Person member(UUID department, String zone) {
        Person person = fixture.person(Role.EMPLOYEE);
        jdbc.sql("update employee set email = ?, department_id = ?, time_zone = ? where id = ?")
                .params(address(person), department, zone, person.id()).update();
        return person;
    }

    private static String address(Person person) {
        return person.account().username() + "@example.com";
    }

    private UUID course(UUID department, LocalDate dueOn) {
        UUID course = as(officer, () -> courses.create(TrainingGateTests.settings(1, true), officer.user()));
        run(officer, () -> courses.addLesson(course, new LessonContent("课", "Lesson", "正文", "Text"), officer.user()));
        run(officer, () -> courses.addQuestion(course, TrainingGateTests.question(1), officer.user()));
        run(officer, () -> courses.publish(course, officer.user()));
        run(officer, () -> courses.assign(course, null, department, dueOn, officer.user()));
        return course;
    }
}
