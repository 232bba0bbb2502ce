package io.custos.training;

import static io.custos.training.DocumentRepository.instant;
import static io.custos.training.DocumentRepository.nullableInstant;
import static io.custos.training.DocumentRepository.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.custos.identity.Role;

/** Courses, their lessons, question banks with options, and assignments. */
@Repository
class CourseRepository {

    private static final String COURSE_COLUMNS = "id, title_zh, title_en, summary_zh, summary_en, pass_mark, "
            + "question_count, mandatory, state, created_at, published_at";

    private final JdbcClient jdbc;

    CourseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A course row without lessons, questions and assignments. */
    record Row(UUID id, CourseContent content, CourseState state, Instant createdAt, @Nullable Instant publishedAt) {
    }

    void insert(UUID id, CourseContent c, UUID by, Instant at) {
        jdbc.sql("""
                insert into training_course (id, title_zh, title_en, summary_zh, summary_en, pass_mark, question_count,
                    mandatory, state, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?)""")
                .params(id, c.titleZh(), c.titleEn(), c.summaryZh(), c.summaryEn(), c.passMark(), c.questionCount(),
                        c.mandatory(), by, utc(at), utc(at))
                .update();
    }

    boolean update(UUID id, CourseContent c, Instant at) {
        return jdbc.sql("""
                update training_course set title_zh = ?, title_en = ?, summary_zh = ?, summary_en = ?, pass_mark = ?,
                    question_count = ?, mandatory = ?, updated_at = ? where id = ? and state = 'DRAFT'""")
                .params(c.titleZh(), c.titleEn(), c.summaryZh(), c.summaryEn(), c.passMark(), c.questionCount(),
                        c.mandatory(), utc(at), id).update() == 1;
    }

    boolean transition(UUID id, CourseState from, CourseState to, Instant at) {
        return jdbc.sql("update training_course set state = ?, updated_at = ?, published_at = case when ? = 'PUBLISHED' "
                        + "then ? else published_at end, retired_at = case when ? = 'RETIRED' then ? else retired_at end "
                        + "where id = ? and state = ?")
                .params(to.name(), utc(at), to.name(), utc(at), to.name(), utc(at), id, from.name()).update() == 1;
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("select " + COURSE_COLUMNS + " from training_course where id = ?").param(id)
                .query(CourseRepository::row).optional();
    }

    List<Row> all() {
        return jdbc.sql("select " + COURSE_COLUMNS + " from training_course order by created_at, id")
                .query(CourseRepository::row).list();
    }

    /** Courses this person created that are still drafts, oldest first. */
    List<Row> draftsCreatedBy(UUID employeeId) {
        return jdbc.sql("select " + COURSE_COLUMNS + " from training_course where created_by = ? and state = 'DRAFT' "
                + "order by created_at, id").param(employeeId).query(CourseRepository::row).list();
    }

    List<Row> published() {
        return jdbc.sql("select " + COURSE_COLUMNS + " from training_course where state = 'PUBLISHED' "
                + "order by created_at, id").query(CourseRepository::row).list();
    }

    void insertLesson(UUID id, UUID courseId, LessonContent l) {
        int position = next("training_lesson", courseId);
        jdbc.sql("insert into training_lesson (id, course_id, position, title_zh, title_en, body_zh, body_en) "
                + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, courseId, position, l.titleZh(), l.titleEn(), l.bodyZh(), l.bodyEn()).update();
    }

    boolean deleteLesson(UUID courseId, UUID lessonId) {
        return jdbc.sql("delete from training_lesson where id = ? and course_id = ?").params(lessonId, courseId)
                .update() == 1;
    }

    List<CourseView.Lesson> lessons(UUID courseId) {
        return jdbc.sql("select id, position, title_zh, title_en, body_zh, body_en from training_lesson "
                        + "where course_id = ? order by position")
                .param(courseId).query((rs, n) -> new CourseView.Lesson(rs.getObject(1, UUID.class), rs.getInt(2),
                        new LessonContent(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))))
                .list();
    }

    void insertQuestion(UUID id, UUID courseId, QuestionContent q) {
        int position = next("training_question", courseId);
        jdbc.sql("insert into training_question (id, course_id, position, text_zh, text_en) values (?, ?, ?, ?, ?)")
                .params(id, courseId, position, q.textZh(), q.textEn()).update();
        int option = 0;
        for (QuestionContent.Option o : q.options()) {
            jdbc.sql("insert into training_option (id, question_id, position, text_zh, text_en, correct) "
                    + "values (?, ?, ?, ?, ?, ?)")
                    .params(UUID.randomUUID(), id, ++option, o.textZh(), o.textEn(), o.correct()).update();
        }
    }

    boolean deleteQuestion(UUID courseId, UUID questionId) {
        jdbc.sql("delete from training_option where question_id = (select id from training_question where id = ? "
                + "and course_id = ?)").params(questionId, courseId).update();
        return jdbc.sql("delete from training_question where id = ? and course_id = ?").params(questionId, courseId)
                .update() == 1;
    }

    int countQuestions(UUID courseId) {
        return jdbc.sql("select count(*) from training_question where course_id = ?").param(courseId)
                .query(Integer.class).single();
    }

    List<UUID> questionIds(UUID courseId) {
        return jdbc.sql("select id from training_question where course_id = ? order by position").param(courseId)
                .query(UUID.class).list();
    }

    /** The questions of a course, each with its options in order. */
    List<CourseView.Question> questions(UUID courseId) {
        Map<UUID, Collected> questions = new LinkedHashMap<>();
        jdbc.sql("select id, position, text_zh, text_en from training_question where course_id = ? order by position")
                .param(courseId).query(rs -> {
                    questions.put(rs.getObject(1, UUID.class), new Collected(rs.getInt(2), rs.getString(3),
                            rs.getString(4)));
                });
        jdbc.sql("select o.question_id, o.id, o.text_zh, o.text_en, o.correct from training_option o join "
                        + "training_question q on q.id = o.question_id where q.course_id = ? order by o.question_id, o.position")
                .param(courseId).query(rs -> {
                    Collected q = questions.get(rs.getObject(1, UUID.class));
                    if (q != null) {
                        q.options.add(new QuestionContent.Option(rs.getString(3), rs.getString(4), rs.getBoolean(5)));
                        q.optionIds.add(rs.getObject(2, UUID.class));
                    }
                });
        List<CourseView.Question> result = new ArrayList<>();
        questions.forEach((id, q) -> result.add(new CourseView.Question(id, q.position,
                new QuestionContent(q.textZh, q.textEn, q.options), q.optionIds)));
        return result;
    }

    /** A question while its options are read. */
    private static final class Collected {
        final int position;
        final String textZh;
        final String textEn;
        final List<QuestionContent.Option> options = new ArrayList<>();
        final List<UUID> optionIds = new ArrayList<>();

        Collected(int position, String textZh, String textEn) {
            this.position = position;
            this.textZh = textZh;
            this.textEn = textEn;
        }
    }

    UUID insertAssignment(UUID courseId, @Nullable Role role, @Nullable UUID departmentId, LocalDate dueOn, UUID by,
            Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into training_assignment (id, course_id, role, department_id, due_on, created_by, created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, courseId, role == null ? null : role.name(), departmentId, dueOn, by, utc(at)).update();
        return id;
    }

    /** Ends an assignment; the row stays, with the time, for the gate as it stood before ({@link #assignmentsAt}). */
    boolean removeAssignment(UUID courseId, UUID assignmentId, Instant at) {
        return jdbc.sql("update training_assignment set removed_at = ? where id = ? and course_id = ? "
                + "and removed_at is null").params(utc(at), assignmentId, courseId).update() == 1;
    }

    List<CourseView.Assignment> assignments(UUID courseId) {
        return jdbc.sql("select id, course_id, role, department_id, due_on from training_assignment where course_id = ? "
                + "and removed_at is null order by due_on, id").param(courseId).query(CourseRepository::assignment).list();
    }

    /** The assignments of every published course. */
    List<CourseView.Assignment> publishedAssignments() {
        return jdbc.sql("select a.id, a.course_id, a.role, a.department_id, a.due_on from training_assignment a "
                        + "join training_course c on c.id = a.course_id where c.state = 'PUBLISHED' "
                        + "and a.removed_at is null order by a.due_on, a.id")
                .query(CourseRepository::assignment).list();
    }

    /**
     * The assignments in force at an instant: made by then, not removed by then, of a course
     * published by then and not retired by then.
     */
    List<CourseView.Assignment> assignmentsAt(Instant at) {
        java.time.OffsetDateTime t = utc(at);
        return jdbc.sql("select a.id, a.course_id, a.role, a.department_id, a.due_on from training_assignment a "
                        + "join training_course c on c.id = a.course_id where c.published_at <= ? "
                        + "and (c.retired_at is null or c.retired_at > ?) and a.created_at <= ? "
                        + "and (a.removed_at is null or a.removed_at > ?) order by a.due_on, a.id")
                .params(t, t, t, t).query(CourseRepository::assignment).list();
    }

    /** Whether an assignment row exists, removed or not: one removed before removals were kept is gone. */
    boolean assignmentKept(UUID assignmentId) {
        return jdbc.sql("select count(*) from training_assignment where id = ?").param(assignmentId)
                .query(Long.class).single() > 0;
    }

    /** Published courses by id, including those retired since: the gate at an instant may need them. */
    List<Row> everPublished() {
        return jdbc.sql("select " + COURSE_COLUMNS + " from training_course where published_at is not null "
                + "order by created_at, id").query(CourseRepository::row).list();
    }

    private int next(String table, UUID courseId) {
        return jdbc.sql("select coalesce(max(position), 0) + 1 from " + table + " where course_id = ?").param(courseId)
                .query(Integer.class).single();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject(1, UUID.class), new CourseContent(rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getBoolean(8)), CourseState.valueOf(rs.getString(9)),
                instant(rs, 10), nullableInstant(rs, 11));
    }

    private static CourseView.Assignment assignment(ResultSet rs, int n) throws SQLException {
        String role = rs.getString(3);
        return new CourseView.Assignment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                role == null ? null : Role.valueOf(role), rs.getObject(4, UUID.class),
                rs.getObject(5, LocalDate.class));
    }
}
