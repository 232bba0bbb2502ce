package io.custos.training;

import static io.custos.training.TrainingFixture.as;
import static io.custos.training.TrainingFixture.content;
import static io.custos.training.TrainingFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;

import io.custos.identity.Role;
import io.custos.training.TrainingFixture.Person;

/**
 * R-EMP-5 (issue 18): the handover lists what a leaving administration officer administers in
 * training that nobody else would carry on: document versions they drafted or submitted that are
 * still open (draft, waiting for management, sent back) and courses they created that are still
 * drafts; nothing decided or published, nothing of someone else's.
 */
class TrainingHoldingsTests extends TrainingIntegrationTest {

    @Autowired PolicyDocuments documents;
    @Autowired Courses courses;
    @Autowired TrainingHoldings holdings;

    @AfterEach
    void language() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void listsTheOpenVersionsTheyDraftedOrSubmittedAndTheirDraftCourses() {
        Person leaver = fixture.person(Role.ADMIN_OFFICER);
        UUID draft = as(leaver, () -> documents.create(DocumentKind.POLICY, content("draft"), leaver.user()));
        later();
        UUID submitted = as(leaver, () -> documents.create(DocumentKind.POLICY, content("submitted"), leaver.user()));
        later();
        run(leaver, () -> documents.submit(submitted, leaver.user()));
        UUID sentBack = as(leaver, () -> documents.create(DocumentKind.POLICY, content("sent back"), leaver.user()));
        later();
        run(leaver, () -> documents.submit(sentBack, leaver.user()));
        run(manager, () -> documents.reject(sentBack, "Too vague", manager.user()));
        UUID published = as(leaver, () -> documents.create(DocumentKind.POLICY, content("published"), leaver.user()));
        later();
        run(leaver, () -> documents.submit(published, leaver.user()));
        run(manager, () -> documents.approve(published, manager.user()));
        UUID othersDraft = as(officer, () -> documents.create(DocumentKind.POLICY, content("theirs"), officer.user()));
        later();
        UUID submittedForOther = as(officer, () -> documents.create(DocumentKind.POLICY, content("handed in"),
                officer.user()));
        later();
        run(leaver, () -> documents.submit(submittedForOther, leaver.user()));
        UUID draftCourse = as(leaver, () -> courses.create(course("草稿课程", "Draft course"), leaver.user()));
        later();
        UUID publishedCourse = as(leaver, () -> courses.create(course("已发布课程", "Published course"), leaver.user()));
        later();
        run(leaver, () -> courses.addLesson(publishedCourse, new LessonContent("第一课", "Lesson one", "正文", "Text"),
                leaver.user()));
        run(leaver, () -> courses.addQuestion(publishedCourse, TrainingGateTests.question(1), leaver.user()));
        run(leaver, () -> courses.publish(publishedCourse, leaver.user()));
        UUID othersCourse = as(officer, () -> courses.create(course("别人的课程", "Someone else's"), officer.user()));
        later();

        LocaleContextHolder.setLocale(Locale.ENGLISH);
        List<HeldTraining> held = holdings.administeredBy(leaver.id());

        assertThat(held).containsExactly(
                new HeldTraining(draft, "DOCUMENT_VERSION", "Title draft", "DRAFT"),
                new HeldTraining(submitted, "DOCUMENT_VERSION", "Title submitted", "SUBMITTED"),
                new HeldTraining(sentBack, "DOCUMENT_VERSION", "Title sent back", "REJECTED"),
                new HeldTraining(submittedForOther, "DOCUMENT_VERSION", "Title handed in", "SUBMITTED"),
                new HeldTraining(draftCourse, "COURSE", "Draft course", "DRAFT"));
        assertThat(held).extracting(HeldTraining::id).doesNotContain(published, othersDraft, publishedCourse,
                othersCourse);
        assertThat(holdings.administeredBy(officer.id())).extracting(HeldTraining::id)
                .contains(othersDraft, submittedForOther, othersCourse).doesNotContain(draft, draftCourse);

        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(holdings.administeredBy(leaver.id())).extracting(HeldTraining::title)
                .containsExactly("标题 draft", "标题 submitted", "标题 sent back", "标题 handed in", "草稿课程");
    }

    @Test
    void aVersionDecidedAndACoursePublishedSinceDropOffTheList() {
        Person leaver = fixture.person(Role.ADMIN_OFFICER);
        UUID version = as(leaver, () -> documents.create(DocumentKind.POLICY, content("to approve"), leaver.user()));
        UUID course = as(leaver, () -> courses.create(course("待发布", "To publish"), leaver.user()));
        assertThat(holdings.administeredBy(leaver.id())).extracting(HeldTraining::id).containsExactly(version, course);

        run(leaver, () -> documents.submit(version, leaver.user()));
        run(manager, () -> documents.approve(version, manager.user()));
        run(leaver, () -> courses.addLesson(course, new LessonContent("第一课", "Lesson one", "正文", "Text"),
                leaver.user()));
        run(leaver, () -> courses.addQuestion(course, TrainingGateTests.question(1), leaver.user()));
        run(leaver, () -> courses.publish(course, leaver.user()));

        assertThat(holdings.administeredBy(leaver.id())).isEmpty();
    }

    /** Each draft a second after the one before, as people make them, so the list's order is theirs. */
    private void later() {
        clock.advance(java.time.Duration.ofSeconds(1));
    }

    private static CourseContent course(String zh, String en) {
        return new CourseContent(zh, en, "简介", "Summary", 80, 1, false);
    }
}
