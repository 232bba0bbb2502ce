package io.custos.access;

/** Per field: the value in clear, masked, or nothing at all. Ordered from least to most permissive. */
public enum FieldOutcome {
    DENY, MASK, SHOW
}
