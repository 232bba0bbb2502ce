package io.custos.training;

import static io.custos.training.DocumentRepository.instant;
import static io.custos.training.DocumentRepository.nullableInstant;
import static io.custos.training.DocumentRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Quiz attempts, the questions each drew and the answers given. */
@Repository
class AttemptRepository {

    private static final String COLUMNS = "id, course_id, employee_id, started_at, submitted_at, question_count, "
            + "correct_count, score, passed, valid_until";

    private final JdbcClient jdbc;

    AttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Attempt(UUID id, UUID courseId, UUID employeeId, Instant startedAt, @Nullable Instant submittedAt,
            int questionCount, @Nullable Integer correctCount, @Nullable Integer score, @Nullable Boolean passed,
            @Nullable Instant validUntil) {
    }

    record Drawn(int position, UUID questionId, @Nullable UUID chosenOptionId, @Nullable Boolean correct) {
    }

    /** A submitted attempt, for standings and reports. */
    record Result(UUID employeeId, UUID courseId, Instant submittedAt, int score, boolean passed,
            @Nullable Instant validUntil) {
    }

    /** Fails with a duplicate key when the person already has an open attempt at this course. */
    void insert(UUID id, UUID courseId, UUID employeeId, List<UUID> questions, Instant at) {
        jdbc.sql("insert into training_attempt (id, course_id, employee_id, open_for, started_at, question_count) "
                + "values (?, ?, ?, ?, ?, ?)").params(id, courseId, employeeId, employeeId, utc(at), questions.size())
                .update();
        int position = 0;
        for (UUID question : questions) {
            jdbc.sql("insert into training_attempt_question (attempt_id, position, question_id) values (?, ?, ?)")
                    .params(id, ++position, question).update();
        }
    }

    Optional<UUID> open(UUID courseId, UUID employeeId) {
        return jdbc.sql("select id from training_attempt where course_id = ? and open_for = ?")
                .params(courseId, employeeId).query(UUID.class).optional();
    }

    Optional<Attempt> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from training_attempt where id = ?").param(id)
                .query(AttemptRepository::attempt).optional();
    }

    List<Drawn> drawn(UUID attemptId) {
        return jdbc.sql("select position, question_id, chosen_option_id, correct from training_attempt_question "
                        + "where attempt_id = ? order by position")
                .param(attemptId).query((rs, n) -> new Drawn(rs.getInt(1), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), (Boolean) rs.getObject(4)))
                .list();
    }

    void answer(UUID attemptId, int position, UUID chosen, boolean correct) {
        jdbc.sql("update training_attempt_question set chosen_option_id = ?, correct = ? where attempt_id = ? "
                + "and position = ?").params(chosen, correct, attemptId, position).update();
    }

    /** Closes an open attempt with its result; false when it was closed already. */
    boolean finish(UUID id, Instant at, int correct, int score, boolean passed, @Nullable Instant validUntil) {
        return jdbc.sql("update training_attempt set open_for = null, submitted_at = ?, correct_count = ?, score = ?, "
                        + "passed = ?, valid_until = ? where id = ? and open_for is not null")
                .params(utc(at), correct, score, passed, validUntil == null ? null : utc(validUntil), id).update() == 1;
    }

    /** Every submitted attempt, oldest first; of one person when {@code employeeId} is given. */
    List<Result> results(@Nullable UUID employeeId) {
        String where = employeeId == null ? "" : " and employee_id = ?";
        var spec = jdbc.sql("select employee_id, course_id, submitted_at, score, passed, valid_until from training_attempt "
                + "where submitted_at is not null" + where + " order by submitted_at, id");
        if (employeeId != null) {
            spec = spec.param(employeeId);
        }
        return spec.query((rs, n) -> new Result(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), instant(rs, 3),
                rs.getInt(4), rs.getBoolean(5), nullableInstant(rs, 6))).list();
    }

    private static Attempt attempt(ResultSet rs, int n) throws SQLException {
        return new Attempt(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                instant(rs, 4), nullableInstant(rs, 5), rs.getInt(6), (Integer) rs.getObject(7),
                (Integer) rs.getObject(8), (Boolean) rs.getObject(9), nullableInstant(rs, 10));
    }
}
