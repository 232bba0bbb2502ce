package io.custos.training;

import static io.custos.training.DocumentRepository.instant;
import static io.custos.training.DocumentRepository.nullableInstant;
import static io.custos.training.DocumentRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Quiz attempts, the questions each drew and the answers given. */
@Repository
class AttemptRepository {

    private static final String COLUMNS = "id, course_id, employee_id, started_at, submitted_at, question_count, "
            + "correct_count, score, passed, valid_until, too_fast";

    private final JdbcClient jdbc;

    AttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Attempt(UUID id, UUID courseId, UUID employeeId, Instant startedAt, @Nullable Instant submittedAt,
            int questionCount, @Nullable Integer correctCount, @Nullable Integer score, @Nullable Boolean passed,
            @Nullable Instant validUntil, boolean tooFast) {
    }

    record Drawn(int position, UUID questionId, @Nullable UUID chosenOptionId, @Nullable Boolean correct) {
    }

    /** A submitted attempt, for standings and reports. */
    record Result(UUID employeeId, UUID courseId, Instant submittedAt, int score, boolean passed,
            @Nullable Instant validUntil) {
    }

    /** A submitted attempt that came back faster than its questions can be read. */
    record TooFast(UUID attemptId, UUID employeeId, UUID courseId, Instant startedAt, Instant submittedAt,
            int questionCount, int score) {
    }

    /**
     * Inserts the person's next attempt at the course (numbered one past their last). Fails with a
     * duplicate key when they already have an open attempt there, or when a parallel request took
     * the same number.
     */
    void insert(UUID id, UUID courseId, UUID employeeId, List<UUID> questions, Instant at) {
        insert(id, courseId, employeeId, questions, at, lastNumber(courseId, employeeId) + 1);
    }

    /**
     * Inserts attempt number {@code number}; a duplicate key when that number is taken (by a
     * parallel request that counted the same attempts) or another attempt is open. Numbers are
     * never reused, so whichever request loses the race cannot slip in later under a limit it
     * checked against a number that is gone.
     */
    void insert(UUID id, UUID courseId, UUID employeeId, List<UUID> questions, Instant at, int number) {
        jdbc.sql("insert into training_attempt (id, course_id, employee_id, open_for, started_at, question_count, "
                        + "number) values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, courseId, employeeId, employeeId, utc(at), questions.size(), number).update();
        int position = 0;
        for (UUID question : questions) {
            jdbc.sql("insert into training_attempt_question (attempt_id, position, question_id) values (?, ?, ?)")
                    .params(id, ++position, question).update();
        }
    }

    /** The number of the person's latest attempt at the course; 0 before the first. */
    int lastNumber(UUID courseId, UUID employeeId) {
        return jdbc.sql("select coalesce(max(number), 0) from training_attempt where employee_id = ? and course_id = ?")
                .params(employeeId, courseId).query(Integer.class).single();
    }

    /** When the person's attempt with this number started, if there is one. */
    Optional<Instant> startedAt(UUID courseId, UUID employeeId, int number) {
        return jdbc.sql("select started_at from training_attempt where employee_id = ? and course_id = ? and number = ?")
                .params(employeeId, courseId, number).query((rs, n) -> instant(rs, 1)).optional();
    }

    /** When this person started each attempt at the course after {@code since}, oldest first. */
    List<Instant> startedSince(UUID courseId, UUID employeeId, Instant since) {
        return jdbc.sql("select started_at from training_attempt where employee_id = ? and course_id = ? "
                        + "and started_at > ? order by started_at")
                .params(employeeId, courseId, utc(since)).query((rs, n) -> instant(rs, 1)).list();
    }

    /** When each question of the course was last drawn for this person; questions never drawn are absent. */
    Map<UUID, Instant> lastDrawn(UUID courseId, UUID employeeId) {
        Map<UUID, Instant> last = new HashMap<>();
        jdbc.sql("select q.question_id, max(a.started_at) from training_attempt_question q join training_attempt a "
                        + "on a.id = q.attempt_id where a.employee_id = ? and a.course_id = ? group by q.question_id")
                .params(employeeId, courseId)
                .query((RowCallbackHandler) rs -> last.put(rs.getObject(1, UUID.class), instant(rs, 2)));
        return last;
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
        return finish(id, at, correct, score, passed, validUntil, false);
    }

    /**
     * Closes an open attempt with its result; false when it was closed already (by a parallel
     * submission, which then alone records its answers).
     */
    boolean finish(UUID id, Instant at, int correct, int score, boolean passed, @Nullable Instant validUntil,
            boolean tooFast) {
        return jdbc.sql("update training_attempt set open_for = null, submitted_at = ?, correct_count = ?, score = ?, "
                        + "passed = ?, valid_until = ?, too_fast = ? where id = ? and open_for is not null")
                .params(utc(at), correct, score, passed, validUntil == null ? null : utc(validUntil), tooFast, id)
                .update() == 1;
    }

    /** Every attempt submitted faster than it could be read, newest first. */
    List<TooFast> tooFast() {
        return jdbc.sql("select id, employee_id, course_id, started_at, submitted_at, question_count, score "
                        + "from training_attempt where too_fast = true order by submitted_at desc, id")
                .query((rs, n) -> new TooFast(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), instant(rs, 4), instant(rs, 5), rs.getInt(6), rs.getInt(7)))
                .list();
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
                (Integer) rs.getObject(8), (Boolean) rs.getObject(9), nullableInstant(rs, 10), rs.getBoolean(11));
    }
}
