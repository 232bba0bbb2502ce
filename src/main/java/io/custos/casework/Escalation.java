package io.custos.casework;

/** How far a case has been escalated: to the department head when near due, to the administration department when overdue. */
public enum Escalation {
    NONE, HEAD, ADMIN
}
