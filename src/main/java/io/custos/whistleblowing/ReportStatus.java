package io.custos.whistleblowing;

public enum ReportStatus {
    OPEN, CLOSED
}
