package io.custos.access;

/** A reviewer's finding on a flagged access: it was justified, or it was not (a matter for the penalties process). */
public enum ReviewOutcome {
    JUSTIFIED, UNJUSTIFIED
}
