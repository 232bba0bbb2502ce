package io.custos.retention;

public enum RuleSetStatus {
    PENDING, IN_FORCE, REJECTED, SUPERSEDED, WITHDRAWN
}
