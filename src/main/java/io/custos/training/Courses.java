package io.custos.training;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.Employees;
import io.custos.identity.Role;
import io.custos.shared.DomainException;

/**
 * What the administration officer does with courses (R-EMP-2): build one (settings, lessons,
 * question bank), publish it (which freezes it), assign it by role or department with a due date,
 * and retire it. Every change is audited in its transaction.
 */
@Service
@PreAuthorize("hasRole('ADMIN_OFFICER')")
public class Courses {

    private final CourseRepository courses;
    private final Employees employees;
    private final TrainingAudit audit;
    private final Clock clock;

    Courses(CourseRepository courses, Employees employees, TrainingAudit audit, Clock clock) {
        this.courses = courses;
        this.employees = employees;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<CourseView> list() {
        return courses.all().stream().map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public CourseView get(UUID id) {
        return view(row(id));
    }

    @Transactional
    public UUID create(CourseContent content, CustosUser by) {
        UUID id = UUID.randomUUID();
        courses.insert(id, content, by.id(), clock.instant());
        audit.record("training.course.created", TrainingAudit.COURSE, id, settings(content));
        return id;
    }

    @Transactional
    public void update(UUID id, CourseContent content, CustosUser by) {
        row(id).state().requireEditable();
        if (!courses.update(id, content, clock.instant())) {
            throw DomainException.conflict("course-state");
        }
        audit.record("training.course.updated", TrainingAudit.COURSE, id, settings(content));
    }

    @Transactional
    public UUID addLesson(UUID courseId, LessonContent lesson, CustosUser by) {
        row(courseId).state().requireEditable();
        UUID id = UUID.randomUUID();
        courses.insertLesson(id, courseId, lesson);
        audit.record("training.course.lesson-added", TrainingAudit.COURSE, courseId, Map.of("lesson", id));
        return id;
    }

    @Transactional
    public void removeLesson(UUID courseId, UUID lessonId, CustosUser by) {
        row(courseId).state().requireEditable();
        if (!courses.deleteLesson(courseId, lessonId)) {
            throw DomainException.notFound();
        }
        audit.record("training.course.lesson-removed", TrainingAudit.COURSE, courseId, Map.of("lesson", lessonId));
    }

    @Transactional
    public UUID addQuestion(UUID courseId, QuestionContent question, CustosUser by) {
        row(courseId).state().requireEditable();
        UUID id = UUID.randomUUID();
        courses.insertQuestion(id, courseId, question);
        audit.record("training.course.question-added", TrainingAudit.COURSE, courseId,
                Map.of("question", id, "options", question.options().size()));
        return id;
    }

    @Transactional
    public void removeQuestion(UUID courseId, UUID questionId, CustosUser by) {
        row(courseId).state().requireEditable();
        if (!courses.deleteQuestion(courseId, questionId)) {
            throw DomainException.notFound();
        }
        audit.record("training.course.question-removed", TrainingAudit.COURSE, courseId, Map.of("question", questionId));
    }

    /** Publishing needs at least one lesson and a bank at least as large as one attempt's draw. */
    @Transactional
    public void publish(UUID id, CustosUser by) {
        CourseRepository.Row course = row(id);
        CourseState next = course.state().publish();
        int bank = courses.countQuestions(id);
        if (courses.lessons(id).isEmpty() || bank < course.content().questionCount()) {
            throw DomainException.unprocessable("course-incomplete", Map.of("questions", bank),
                    course.content().questionCount());
        }
        if (!courses.transition(id, course.state(), next, clock.instant())) {
            throw DomainException.conflict("course-state");
        }
        audit.record("training.course.published", TrainingAudit.COURSE, id,
                Map.of("questions", bank, "draw", course.content().questionCount(), "passMark",
                        course.content().passMark(), "mandatory", course.content().mandatory()));
    }

    @Transactional
    public void retire(UUID id, CustosUser by) {
        CourseRepository.Row course = row(id);
        if (!courses.transition(id, course.state(), course.state().retire(), clock.instant())) {
            throw DomainException.conflict("course-state");
        }
        audit.record("training.course.retired", TrainingAudit.COURSE, id, Map.of());
    }

    /** Everyone holding {@code role}, or everyone in {@code departmentId} (exactly one of the two), by {@code dueOn}. */
    @Transactional
    public UUID assign(UUID courseId, @Nullable Role role, @Nullable UUID departmentId, LocalDate dueOn,
            CustosUser by) {
        CourseRepository.Row course = row(courseId);
        if (course.state() == CourseState.RETIRED) {
            throw DomainException.conflict("course-state");
        }
        if ((role == null) == (departmentId == null) || role != null && !Role.STAFF.contains(role)
                || departmentId != null && employees.department(departmentId).isEmpty()) {
            throw DomainException.unprocessable("assignment-invalid", Map.of("field", "target"));
        }
        UUID id = courses.insertAssignment(courseId, role, departmentId, dueOn, by.id(), clock.instant());
        audit.record("training.course.assigned", TrainingAudit.COURSE, courseId, role != null
                ? Map.of("assignment", id, "role", role) : Map.of("assignment", id, "department", departmentId));
        return id;
    }

    @Transactional
    public void unassign(UUID courseId, UUID assignmentId, CustosUser by) {
        if (!courses.removeAssignment(courseId, assignmentId, clock.instant())) {
            throw DomainException.notFound();
        }
        audit.record("training.course.unassigned", TrainingAudit.COURSE, courseId, Map.of("assignment", assignmentId));
    }

    private CourseRepository.Row row(UUID id) {
        return courses.find(id).orElseThrow(DomainException::notFound);
    }

    private CourseView view(CourseRepository.Row row) {
        return new CourseView(row.id(), row.content(), row.state(), row.createdAt(), row.publishedAt(),
                courses.lessons(row.id()), courses.questions(row.id()), courses.assignments(row.id()));
    }

    private static Map<String, Object> settings(CourseContent content) {
        return Map.of("passMark", content.passMark(), "draw", content.questionCount(), "mandatory", content.mandatory());
    }
}
