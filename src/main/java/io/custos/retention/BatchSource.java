package io.custos.retention;

/** Where a destruction batch came from. */
public enum BatchSource {
    SWEEP, MANUAL, DELETION_REQUEST
}
