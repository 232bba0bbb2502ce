package io.custos.monitoring;

/** How urgent an alert is; a high one also reaches the department head of the person it concerns. */
public enum AlertSeverity {
    LOW, MEDIUM, HIGH
}
