package io.custos.incident;

/** IT security's decision on a risk report. */
public enum Triage {
    DISMISSED, FIXED, RAISED
}
