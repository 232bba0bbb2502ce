package io.custos.training;

import java.util.Locale;
import java.util.Map;

import io.custos.shared.DomainException;

/**
 * The text of a document version in both languages: titles in plain text, bodies in Markdown
 * (rendered with raw HTML escaped, see {@link Markdown}). The constructor refuses empty or
 * oversized parts with {@code document-content-invalid}, naming the part.
 */
public record DocumentContent(String titleZh, String titleEn, String bodyZh, String bodyEn) {

    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 100_000;

    public DocumentContent {
        titleZh = check("titleZh", titleZh, MAX_TITLE);
        titleEn = check("titleEn", titleEn, MAX_TITLE);
        bodyZh = check("bodyZh", bodyZh, MAX_BODY);
        bodyEn = check("bodyEn", bodyEn, MAX_BODY);
    }

    public String title(Locale locale) {
        return Texts.chinese(locale) ? titleZh : titleEn;
    }

    public String body(Locale locale) {
        return Texts.chinese(locale) ? bodyZh : bodyEn;
    }

    static String check(String field, String value, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > max) {
            throw DomainException.unprocessable("document-content-invalid", Map.of("field", field), field, max);
        }
        return text;
    }

    @Override
    public String toString() {
        return "DocumentContent[titleLength=" + titleEn.length() + "]";
    }
}
