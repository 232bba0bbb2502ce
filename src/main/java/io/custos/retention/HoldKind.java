package io.custos.retention;

/** Why records must be kept whatever their retention says. */
public enum HoldKind {
    COMPLAINT, CLAIM, INCIDENT, LITIGATION, REGULATOR
}
