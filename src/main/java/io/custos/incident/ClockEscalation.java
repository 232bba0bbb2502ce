package io.custos.incident;

/** How far a clock's reminders have gone: each step is sent once. */
public enum ClockEscalation {
    NONE, NEAR, OVERDUE
}
