package io.custos.keys;

/**
 * The master key cannot be had, so the application must not start. The message names the property
 * to fix and the file, never key material.
 */
final class MasterKeyUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MasterKeyUnavailableException(String message) {
        super(message);
    }

    MasterKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
