package io.custos.casework;

/** A line of a case's timeline. */
public enum EntryKind {
    RECEIVED, VERIFIED, ASSIGNED, NOTE, PAUSED, RESUMED, EXTENDED, ESCALATED, HOLD_PLACED, HOLD_RELEASED, CARRIED_OUT,
    CLOSED
}
