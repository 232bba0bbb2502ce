package io.custos.incident;

public enum IncidentStatus {
    OPEN, CLOSED
}
