package io.custos.training;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.custos.shared.DomainException;

/**
 * A multiple-choice question in both languages with two to six options, exactly one of them
 * correct; otherwise {@code question-invalid}.
 */
public record QuestionContent(String textZh, String textEn, List<Option> options) {

    public record Option(String textZh, String textEn, boolean correct) {
        public Option {
            textZh = DocumentContent.check("optionZh", textZh, 500);
            textEn = DocumentContent.check("optionEn", textEn, 500);
        }

        public String text(Locale locale) {
            return Texts.chinese(locale) ? textZh : textEn;
        }
    }

    public QuestionContent {
        textZh = DocumentContent.check("textZh", textZh, 1000);
        textEn = DocumentContent.check("textEn", textEn, 1000);
        options = List.copyOf(options);
        if (options.size() < 2 || options.size() > 6 || options.stream().filter(Option::correct).count() != 1) {
            throw DomainException.unprocessable("question-invalid", Map.of("field", "options"));
        }
    }

    public String text(Locale locale) {
        return Texts.chinese(locale) ? textZh : textEn;
    }
}
