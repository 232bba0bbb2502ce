package io.custos.supervision;

/**
 * The live evidence a checklist item may be bound to (issue 20.2), computed for the inspected
 * department: counts only. {@code main} and, where two numbers belong together, {@code extra}:
 * <ul>
 * <li>TRAINING: staff without a current pass / of them late (overdue or a refresher missed);</li>
 * <li>AGREEMENTS: staff who have not accepted the agreement in force;</li>
 * <li>REVEALS: full displays of confidential fields in the period / refusals;</li>
 * <li>BREAK_GLASS: emergency accesses opened in the period / of them reviewed;</li>
 * <li>EXPORTS: exports of customer records in the period;</li>
 * <li>SHARING_GRANTS: sharing grants the department asked for, in force now;</li>
 * <li>RETENTION: the department's customers past their retention period;</li>
 * <li>OPEN_CASES: the department's open customer cases / of them overdue;</li>
 * <li>ALERTS: security alerts about the department's people raised in the period / of them triaged
 * as findings for the inspection (issue 21.2).</li>
 * </ul>
 */
public enum EvidenceSource {
    TRAINING, AGREEMENTS, REVEALS, BREAK_GLASS, EXPORTS, SHARING_GRANTS, RETENTION, OPEN_CASES, ALERTS;

    /** Whether the figure has a second number. */
    public boolean paired() {
        return this == TRAINING || this == REVEALS || this == BREAK_GLASS || this == OPEN_CASES || this == ALERTS;
    }
}
