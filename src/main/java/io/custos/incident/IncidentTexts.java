package io.custos.incident;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.custos.keys.DataKeys;
import io.custos.shared.ControlCharacters;
import io.custos.shared.DomainException;

/**
 * The module's words at rest: every description, answer, note and step is encrypted with the keys
 * module's field encryption (Tink AES256-GCM) under one data key that belongs to this module, not to
 * a customer (owner {@link #OWNER}), bound to the record and the field, so a ciphertext cannot be moved
 * to another row. A copy of the database shows categories, dates, statuses and ids, never the words.
 */
@Component
class IncidentTexts {

    /** The owner id of the incident module's data key: fixed, and no customer's or employee's. */
    static final UUID OWNER = UUID.nameUUIDFromBytes("custos:incident-module-key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    static final int MAX_TEXT = 10_000;

    private final DataKeys keys;

    IncidentTexts(DataKeys keys) {
        this.keys = keys;
    }

    String seal(String field, String text) {
        keys.ensure(OWNER);
        return keys.encrypt(OWNER, field, text);
    }

    @Nullable String open(String field, @Nullable String cipher) {
        return cipher == null ? null : keys.decrypt(OWNER, field, cipher);
    }

    static String required(@Nullable String value, String field) {
        String text = optional(value, field);
        if (text == null) {
            throw DomainException.unprocessable("incident-text-required", Map.of("field", field));
        }
        return text;
    }

    static @Nullable String optional(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > MAX_TEXT) {
            throw DomainException.unprocessable("incident-text-too-long", Map.of("field", field, "max", MAX_TEXT),
                    MAX_TEXT);
        }
        if (ControlCharacters.present(text, true)) {
            throw DomainException.unprocessable(ControlCharacters.CODE, Map.of("field", field));
        }
        return text;
    }
}
