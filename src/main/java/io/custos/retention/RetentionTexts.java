package io.custos.retention;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;

/** The checks every free text of this module passes: present, not too long, no control characters. */
final class RetentionTexts {

    static final int MAX_TEXT = 2000;

    private RetentionTexts() {
    }

    static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw DomainException.unprocessable("retention-text-required", Map.of("field", field));
        }
        return checked(value, field, MAX_TEXT);
    }

    static @Nullable String optional(@Nullable String value, String field, int max) {
        return value == null || value.isBlank() ? null : checked(value, field, max);
    }

    private static String checked(String value, String field, int max) {
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw DomainException.unprocessable("retention-text-too-long", Map.of("field", field, "max", max), max);
        }
        if (ControlCharacters.present(stripped, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return stripped;
    }
}
