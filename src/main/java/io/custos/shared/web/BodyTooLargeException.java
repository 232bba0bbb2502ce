package io.custos.shared.web;

import java.io.IOException;

/** Raised while reading an API request body that exceeds the configured limit. */
public class BodyTooLargeException extends IOException {

    BodyTooLargeException() {
        super("request body exceeds the configured limit");
    }
}
