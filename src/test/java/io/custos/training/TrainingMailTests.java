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
}
