package io.custos.training;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
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
 *
 * <p>So that a quiz cannot be passed by trial and error (issue 13.4): a person starts at most
 * {@code custos.training.max-attempts} attempts per course within {@code attempt-window}; each
 * draw prefers the questions this person has not been shown, or was shown longest ago, so with a
 * bank of at least questions-per-attempt x max-attempts no attempt in a window repeats one; a failed
 * attempt tells its score only, never which answers were right; and a pass submitted in less than
 * {@code reading-time-per-question} per question does not count and is flagged for the reports.
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
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

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
            @Nullable UUID openAttempt, Allowance allowance) {
    }

    /**
     * How many attempts this person may still start at a course now, of how many per window, and
     * from when the next one is possible when none is left.
     */
    public record Allowance(int left, int max, Duration window, @Nullable Instant nextAt) {
        public boolean exhausted() {
            return left == 0;
        }

        public long windowHours() {
            return window.toHours();
        }
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
                attempts.open(courseId, me.id()).orElse(null), allowance(courseId, me.id(), clock.instant()));
    }

    /**
     * Starts an attempt with a fresh draw, or answers the one still open. Refused with
     * {@code quiz-attempts-exhausted} (429, audited) once the attempts of the window are used up.
     */
    @Transactional
    public UUID start(UUID courseId, CustosUser me) {
        CourseStanding standing = assigned(courseId, me);
        var open = attempts.open(courseId, me.id());
        if (open.isPresent()) {
            return open.get();
        }
        Instant now = clock.instant();
        List<UUID> drawn = draw(courses.questionIds(courseId), standing.course().questionCount(),
                attempts.lastDrawn(courseId, me.id()), random);
        UUID id = UUID.randomUUID();
        int number = attempts.lastNumber(courseId, me.id()) + 1;
        // The attempt max places back must have left the window; numbers are unique, so two requests
        // that both read the same last number cannot both start an attempt.
        int back = number - properties.maxAttempts();
        boolean allowed = back < 1 || attempts.startedAt(courseId, me.id(), back)
                .map(at -> !at.isAfter(now.minus(properties.attemptWindow()))).orElse(true);
        if (!allowed) {
            Allowance allowance = allowance(courseId, me.id(), now);
            audit.refused("training.quiz.started", TrainingAudit.COURSE, courseId, "quiz-attempts-exhausted");
            Instant next = allowance.nextAt() == null ? now : allowance.nextAt();
            throw new DomainException("quiz-attempts-exhausted", HttpStatus.TOO_MANY_REQUESTS,
                    Map.of("maxAttempts", allowance.max(), "retryAt", next.toString()), allowance.max(),
                    allowance.windowHours(), MINUTE.format(next));
        }
        try {
            attempts.insert(id, courseId, me.id(), drawn, now, number);
        } catch (DuplicateKeyException e) {
            // Started twice at once: the other request's attempt is the one.
            throw DomainException.conflict("attempt-open");
        }
        audit.record("training.quiz.started", TrainingAudit.ATTEMPT, id,
                Map.of("course", courseId, "questions", drawn.size()));
        return id;
    }

    /** How many attempts a person may start at one course within the window. */
    public int maxAttempts() {
        return properties.maxAttempts();
    }

    /** The attempts this person has left at a course now. */
    @Transactional(readOnly = true)
    public Allowance allowance(UUID courseId, CustosUser me) {
        return allowance(courseId, me.id(), clock.instant());
    }

    /** The attempts left at a course now; the next is possible when the oldest counted one leaves the window. */
    Allowance allowance(UUID courseId, UUID employeeId, Instant now) {
        int max = properties.maxAttempts();
        List<Instant> started = attempts.startedSince(courseId, employeeId, now.minus(properties.attemptWindow()));
        int left = Math.max(0, max - started.size());
        Instant nextAt = left > 0 ? null : started.get(started.size() - max).plus(properties.attemptWindow());
        return new Allowance(left, max, properties.attemptWindow(), nextAt);
    }

    @Transactional(readOnly = true)
    public AttemptView attempt(UUID attemptId, CustosUser me) {
        AttemptRepository.Attempt attempt = own(attemptId, me);
        CourseRepository.Row course = courses.find(attempt.courseId()).orElseThrow(DomainException::notFound);
        return view(attempt, course);
    }

    /**
     * Scores an open attempt. Every drawn question needs one of its own options as the answer
     * ({@code quiz-answers-incomplete} otherwise, and nothing is recorded). The attempt is closed
     * before its answers are written, so of two parallel submissions only the first is scored. A
     * pass that came back in less than the plausible reading time is recorded as too fast and does
     * not count.
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
        int score = score(correct, drawn.size());
        Instant now = clock.instant();
        Duration taken = Duration.between(attempt.startedAt(), now);
        boolean tooFast = tooFast(taken, drawn.size(), properties.readingTimePerQuestion());
        boolean passed = score >= course.content().passMark() && !tooFast;
        Instant validUntil = passed ? now.atZone(ZoneOffset.UTC).plus(properties.passValidity()).toInstant() : null;
        if (!attempts.finish(attemptId, now, correct, score, passed, validUntil, tooFast)) {
            throw DomainException.conflict("attempt-submitted");
        }
        for (int i = 0; i < drawn.size(); i++) {
            attempts.answer(attemptId, drawn.get(i).position(), answers.get(drawn.get(i).questionId()), marks.get(i));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("course", course.id());
        details.put("questions", drawn.size());
        details.put("correct", correct);
        details.put("score", score);
        details.put("passed", passed);
        details.put("seconds", taken.toSeconds());
        if (tooFast) {
            details.put("tooFast", true);
        }
        audit.record("training.quiz.submitted", TrainingAudit.ATTEMPT, attemptId, details);
        return view(attempts.find(attemptId).orElseThrow(), course);
    }

    /** Faster than {@code perQuestion} for each of the {@code questions}: not read, whoever answered. */
    static boolean tooFast(Duration taken, int questions, Duration perQuestion) {
        return taken.compareTo(perQuestion.multipliedBy(questions)) < 0;
    }

    /**
     * {@code n} different questions of the bank in random order: first those never drawn for this
     * person, then those drawn longest ago; random among equals, so the order of the bank tells
     * nothing. With a bank of at least {@code n} x the attempts allowed in a window, the attempts
     * within one window never repeat a question.
     */
    static List<UUID> draw(List<UUID> bank, int n, Map<UUID, Instant> lastDrawn, RandomGenerator random) {
        if (bank.size() < n) {
            throw DomainException.unprocessable("course-incomplete", Map.of("questions", bank.size()), n);
        }
        List<UUID> fresh = new ArrayList<>(draw(bank, bank.size(), random));
        // A stable sort keeps the random order among questions drawn at the same time (or never).
        fresh.sort(Comparator.comparing(q -> lastDrawn.getOrDefault(q, Instant.MIN)));
        return draw(fresh.subList(0, n), n, random);
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
            // Which answers were right is told only for a pass that counts: told after a failure, or
            // after a pass too fast to have been read, it would teach a script the answers.
            questions.add(new AttemptView.Question(d.position(), q.id(), q.content().textZh(), q.content().textEn(),
                    choices, d.chosenOptionId(), Boolean.TRUE.equals(attempt.passed()) ? d.correct() : null));
        }
        AttemptView.Result result = attempt.submittedAt() == null ? null
                : new AttemptView.Result(attempt.correctCount() == null ? 0 : attempt.correctCount(),
                        attempt.questionCount(), attempt.score() == null ? 0 : attempt.score(),
                        course.content().passMark(), Boolean.TRUE.equals(attempt.passed()), attempt.submittedAt(),
                        attempt.validUntil(), attempt.tooFast());
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
