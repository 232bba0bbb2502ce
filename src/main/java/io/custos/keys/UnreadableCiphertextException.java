package io.custos.keys;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A ciphertext that does not open with its owner's data key for that field: moved from another
 * customer or field, altered, or of an owner without a data key. The message holds ids and the field
 * name only, never the ciphertext or anything decrypted.
 */
public class UnreadableCiphertextException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID ownerId;
    private final String field;

    UnreadableCiphertextException(UUID ownerId, String field, String why, @Nullable Throwable cause) {
        super("The ciphertext of field " + field + " of owner " + ownerId + " cannot be read: " + why, cause);
        this.ownerId = ownerId;
        this.field = field;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public String field() {
        return field;
    }
}
