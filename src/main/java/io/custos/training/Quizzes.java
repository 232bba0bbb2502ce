package io.custos.training;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.custos.identity.CustosUser;
import io.custos.identity.EmployeeView;
import io.custos.identity.Employees;
import io.custos.shared.DomainException;

/**
 * Employees taking their courses (R-EMP-2): the lessons, then a quiz of questions drawn at random
 * from the course's bank, scored on submission (the percentage answered correctly, rounded down,
 * passes at the course's pass mark). A pass counts for {@code custos.training.pass-validity}. An
 * attempt that was started and not submitted is resumed rather than drawn anew, so nobody can
 * re-draw until the questions suit them. Results are recorded with score and time, and audited.
 */
@Service
public class Quizzes {

    private final CourseRepository courses;
    private final AttemptRepository attempts;
    private final Standings standings;
    private final Employees employees;
    private final TrainingAudit audit;
    private final TrainingProperties properties;
    private final Clock clock;
    private final RandomGenerator random = new SecureRandom();

    Quizzes(CourseRepository courses, AttemptRepository attempts, Standings standings, Employees employees,
            TrainingAudit audit, TrainingProperties properties, Clock clock) {
        this.courses = courses;
        this.attempts = attempts;
        this.standings = standings;
        this.employees = employees;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A published course's lessons, for someone it is assigned to; the question bank stays hidden. */
    public record Learning(UUID courseId, CourseContent course, List<CourseView.Lesson> lessons, CourseStanding standing,
            @Nullable UUID openAttempt) {
    }

    /** The courses assigned to this person and where they stand with each. */
    @Transactional(readOnly = true)
    public List<CourseStanding> mine(CustosUser me) {
        return standings.of(employee(me));
    }

    @Transactional(readOnly = true)
    public Learning learn(UUID courseId, CustosUser me) {
        CourseStanding standing = assigned(courseId, me);
        return new Learning(courseId, standing.course(), courses.lessons(courseId), standing,
                attempts.open(courseId, me.id()).orElse(null));
    }

    /** Starts an attempt with a fresh random draw, or answers the one still open. */
    @Transactional
    public UUID start(UUID courseId, CustosUser me) {
        CourseStanding standing = assigned(courseId, me);
        var open = attempts.open(courseId, me.id());
        if (open.isPresent()) {
            return open.get();
        }
        List<UUID> drawn = draw(courses.questionIds(courseId), standing.course().questionCount(), random);
        UUID id = UUID.randomUUID();
        try {
            attempts.insert(id, courseId, me.id(), drawn, clock.instant());
        } catch (DuplicateKeyException e) {
            // Started twice at once: the other request's attempt is the one.
            throw DomainException.conflict("attempt-open");
        }
        audit.record("training.quiz.started", TrainingAudit.ATTEMPT, id,
                Map.of("course", courseId, "questions", drawn.size()));
        return id;
    }

    @Transactional(readOnly = true)
    public AttemptView attempt(UUID attemptId, CustosUser me) {
        AttemptRepository.Attempt attempt = own(attemptId, me);
        CourseRepository.Row course = courses.find(attempt.courseId()).orElseThrow(DomainException::notFound);
        return view(attempt, course);
    }

    /**
     * Scores an open attempt. Every drawn question needs one of its own options as the answer
     * ({@code quiz-answers-incomplete} otherwise, and nothing is recorded).
     *
     * @param answers question id to chosen option id
     */
    @Transactional
    public AttemptView submit(UUID attemptId, Map<UUID, UUID> answers, CustosUser me) {
        AttemptRepository.Attempt attempt = own(attemptId, me);
        if (attempt.submittedAt() != null) {
            throw DomainException.conflict("attempt-submitted");
        }
        CourseRepository.Row course = courses.find(attempt.courseId()).orElseThrow(DomainException::notFound);
        Map<UUID, CourseView.Question> bank = bank(course.id());
        List<AttemptRepository.Drawn> drawn = attempts.drawn(attemptId);
        int correct = 0;
        List<Boolean> marks = new ArrayList<>();
        for (AttemptRepository.Drawn d : drawn) {
            CourseView.Question question = bank.get(d.questionId());
            UUID chosen = answers.get(d.questionId());
            int index = chosen == null ? -1 : question.optionIds().indexOf(chosen);
            if (index < 0) {
                throw DomainException.unprocessable("quiz-answers-incomplete", Map.of("question", d.position()),
                        d.position());
            }
            boolean right = question.content().options().get(index).correct();
            marks.add(right);
            correct += right ? 1 : 0;
        }
        for (int i = 0; i < drawn.size(); i++) {
            attempts.answer(attemptId, drawn.get(i).position(), answers.get(drawn.get(i).questionId()), marks.get(i));
        }
        int score = score(correct, drawn.size());
        boolean passed = score >= course.content().passMark();
        Instant now = clock.instant();
        Instant validUntil = passed ? now.atZone(ZoneOffset.UTC).plus(properties.passValidity()).toInstant() : null;
        if (!attempts.finish(attemptId, now, correct, score, passed, validUntil)) {
            throw DomainException.conflict("attempt-submitted");
        }
        audit.record("training.quiz.submitted", TrainingAudit.ATTEMPT, attemptId, Map.of("course", course.id(),
                "questions", drawn.size(), "correct", correct, "score", score, "passed", passed));
        return view(attempts.find(attemptId).orElseThrow(), course);
    }

    /** {@code n} different questions of the bank in random order (a partial Fisher-Yates shuffle). */
    static List<UUID> draw(List<UUID> bank, int n, RandomGenerator random) {
        if (bank.size() < n) {
            throw DomainException.unprocessable("course-incomplete", Map.of("questions", bank.size()), n);
        }
        List<UUID> pool = new ArrayList<>(bank);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            UUID swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        return List.copyOf(pool.subList(0, n));
    }

    /** The percentage answered correctly, rounded down: 17 of 20 is 85. */
    static int score(int correct, int total) {
        return total == 0 ? 0 : correct * 100 / total;
    }

    private AttemptView view(AttemptRepository.Attempt attempt, CourseRepository.Row course) {
        Map<UUID, CourseView.Question> bank = bank(course.id());
        List<AttemptView.Question> questions = new ArrayList<>();
        for (AttemptRepository.Drawn d : attempts.drawn(attempt.id())) {
            CourseView.Question q = bank.get(d.questionId());
            List<AttemptView.Choice> choices = new ArrayList<>();
            for (int i = 0; i < q.optionIds().size(); i++) {
                QuestionContent.Option option = q.content().options().get(i);
                choices.add(new AttemptView.Choice(q.optionIds().get(i), option.textZh(), option.textEn()));
            }
            questions.add(new AttemptView.Question(d.position(), q.id(), q.content().textZh(), q.content().textEn(),
                    choices, d.chosenOptionId(), d.correct()));
        }
        AttemptView.Result result = attempt.submittedAt() == null ? null
                : new AttemptView.Result(attempt.correctCount() == null ? 0 : attempt.correctCount(),
                        attempt.questionCount(), attempt.score() == null ? 0 : attempt.score(),
                        course.content().passMark(), Boolean.TRUE.equals(attempt.passed()), attempt.submittedAt(),
                        attempt.validUntil());
        return new AttemptView(attempt.id(), course.id(), course.content(), attempt.startedAt(), attempt.submittedAt(),
                questions, result);
    }

    private Map<UUID, CourseView.Question> bank(UUID courseId) {
        Map<UUID, CourseView.Question> bank = new HashMap<>();
        courses.questions(courseId).forEach(q -> bank.put(q.id(), q));
        return bank;
    }

    private AttemptRepository.Attempt own(UUID attemptId, CustosUser me) {
        return attempts.find(attemptId).filter(a -> a.employeeId().equals(me.id()))
                .orElseThrow(DomainException::notFound);
    }

    private CourseStanding assigned(UUID courseId, CustosUser me) {
        return standings.of(employee(me)).stream().filter(s -> s.courseId().equals(courseId)).findFirst()
                .orElseThrow(DomainException::notFound);
    }

    private EmployeeView employee(CustosUser me) {
        return employees.byId(me.id()).orElseThrow(DomainException::notFound);
    }
}
