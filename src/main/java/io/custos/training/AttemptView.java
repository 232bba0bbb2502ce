package io.custos.training;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A quiz attempt as the person taking it sees it: the drawn questions and their options, never
 * which option is correct; after submission, which of their answers were right and the result.
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

    /** The score is the percentage of drawn questions answered correctly, rounded down. */
    public record Result(int correct, int total, int score, int passMark, boolean passed, Instant submittedAt,
            @Nullable Instant validUntil) {
    }
}
