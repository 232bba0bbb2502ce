package io.custos.audit;

public enum AuditOutcome {
    ALLOWED, DENIED, FAILED
}
