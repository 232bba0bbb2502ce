package io.custos.training;

import java.util.Locale;

/** A lesson: a title and a Markdown text in both languages. */
public record LessonContent(String titleZh, String titleEn, String bodyZh, String bodyEn) {

    public LessonContent {
        titleZh = DocumentContent.check("titleZh", titleZh, 200);
        titleEn = DocumentContent.check("titleEn", titleEn, 200);
        bodyZh = DocumentContent.check("bodyZh", bodyZh, DocumentContent.MAX_BODY);
        bodyEn = DocumentContent.check("bodyEn", bodyEn, DocumentContent.MAX_BODY);
    }

    public String title(Locale locale) {
        return Texts.chinese(locale) ? titleZh : titleEn;
    }

    public String body(Locale locale) {
        return Texts.chinese(locale) ? bodyZh : bodyEn;
    }
}
