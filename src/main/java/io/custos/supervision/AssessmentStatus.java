package io.custos.supervision;

/** An assessment is planned, then done with a summary of what it found. */
public enum AssessmentStatus {
    PLANNED, DONE
}
