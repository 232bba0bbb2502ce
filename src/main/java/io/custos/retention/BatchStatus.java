package io.custos.retention;

public enum BatchStatus {
    PROPOSED, APPROVED, EXECUTING, DONE, REJECTED, CANCELLED;

    public boolean open() {
        return this == PROPOSED || this == APPROVED || this == EXECUTING;
    }
}
