package io.custos.incident;

/** A risk report waits for IT security, then is dismissed, fixed, or raised to an incident. */
public enum RiskStatus {
    OPEN, DISMISSED, FIXED, RAISED
}
