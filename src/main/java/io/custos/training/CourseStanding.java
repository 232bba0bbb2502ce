package io.custos.training;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One person and one course assigned to them: by when, where they stand, until when their pass
 * counts and how their latest attempt went.
 */
public record CourseStanding(UUID employeeId, String username, String displayName, @Nullable UUID departmentId,
        UUID courseId, CourseContent course, LocalDate dueOn, Standing standing, @Nullable Instant validUntil,
        @Nullable Integer lastScore, @Nullable Instant lastSubmittedAt) {
}
