package io.custos.retention;

/**
 * A paper destruction order's life; words: {@code paper.destruction.status.<code>}.
 *
 * <pre>
 * PENDING ──head of the department and administration both approve──▶ APPROVED ──executed──▶ DONE
 *    ├──rejected by an approver──▶ REJECTED             │
 *    └──cancelled──▶ CANCELLED  ◀──cancelled────────────┘
 * </pre>
 */
public enum PaperDestructionStatus {
    PENDING,
    APPROVED,
    DONE,
    REJECTED,
    CANCELLED;

    public boolean open() {
        return this == PENDING || this == APPROVED;
    }
}
