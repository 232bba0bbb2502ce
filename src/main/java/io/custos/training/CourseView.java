package io.custos.training;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.custos.identity.Role;

/** A course as its builder sees it: settings, lessons, the question bank with answers, assignments. */
public record CourseView(UUID id, CourseContent content, CourseState state, Instant createdAt,
        @Nullable Instant publishedAt, List<Lesson> lessons, List<Question> questions, List<Assignment> assignments) {

    public CourseView {
        lessons = List.copyOf(lessons);
        questions = List.copyOf(questions);
        assignments = List.copyOf(assignments);
    }

    public record Lesson(UUID id, int position, LessonContent content) {
    }

    public record Question(UUID id, int position, QuestionContent content, List<UUID> optionIds) {
        public Question {
            optionIds = List.copyOf(optionIds);
        }
    }

    /** Everyone holding {@code role}, or everyone in {@code departmentId}, takes the course by {@code dueOn}. */
    public record Assignment(UUID id, UUID courseId, @Nullable Role role, @Nullable UUID departmentId, LocalDate dueOn) {
    }
}
