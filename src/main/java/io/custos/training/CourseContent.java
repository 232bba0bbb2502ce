package io.custos.training;

import java.util.Locale;
import java.util.Map;

import io.custos.shared.DomainException;

/**
 * A course's settings: titles and summaries in both languages, the pass mark (percent of the
 * drawn questions answered correctly), how many questions each attempt draws from the bank, and
 * whether a current pass is required for revealing L3-L4 data (mandatory).
 */
public record CourseContent(String titleZh, String titleEn, String summaryZh, String summaryEn, int passMark,
        int questionCount, boolean mandatory) {

    public CourseContent {
        titleZh = DocumentContent.check("titleZh", titleZh, 200);
        titleEn = DocumentContent.check("titleEn", titleEn, 200);
        summaryZh = DocumentContent.check("summaryZh", summaryZh, 2000);
        summaryEn = DocumentContent.check("summaryEn", summaryEn, 2000);
        if (passMark < 1 || passMark > 100) {
            throw DomainException.unprocessable("course-settings-invalid", Map.of("field", "passMark"), "passMark");
        }
        if (questionCount < 1 || questionCount > 100) {
            throw DomainException.unprocessable("course-settings-invalid", Map.of("field", "questionCount"),
                    "questionCount");
        }
    }

    public String title(Locale locale) {
        return Texts.chinese(locale) ? titleZh : titleEn;
    }

    public String summary(Locale locale) {
        return Texts.chinese(locale) ? summaryZh : summaryEn;
    }
}
