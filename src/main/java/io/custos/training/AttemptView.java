package io.custos.training;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A quiz attempt as the person taking it sees it: the drawn questions and their options, never
 * which option is correct; after submission the result, and only after a pass that counts which
 * of their answers were right ({@link Question#correct()} is null otherwise).
 */
public record AttemptView(UUID id, UUID courseId, CourseContent course, Instant startedAt,
        @Nullable Instant submittedAt, List<Question> questions, @Nullable Result result) {

    public AttemptView {
        questions = List.copyOf(questions);
    }

    public record Question(int position, UUID questionId, String textZh, String textEn, List<Choice> choices,
            @Nullable UUID chosen, @Nullable Boolean correct) {
        public Question {
            choices = List.copyOf(choices);
        }

        public String text(Locale locale) {
            return Texts.chinese(locale) ? textZh : textEn;
        }
    }

    public record Choice(UUID id, String textZh, String textEn) {
        public String text(Locale locale) {
            return Texts.chinese(locale) ? textZh : textEn;
        }
    }

    /**
     * The score is the percentage of drawn questions answered correctly, rounded down. {@code passed}
     * is a pass that counts: not one submitted faster than the questions can be read ({@code tooFast}).
     */
    public record Result(int correct, int total, int score, int passMark, boolean passed, Instant submittedAt,
            @Nullable Instant validUntil, boolean tooFast) {
    }
}
