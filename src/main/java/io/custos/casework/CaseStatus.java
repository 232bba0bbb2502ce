package io.custos.casework;

/** Open cases run against their deadline; a paused one waits for the customer and its clock stops. */
public enum CaseStatus {
    OPEN, PAUSED, CLOSED
}
