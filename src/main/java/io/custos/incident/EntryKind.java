package io.custos.incident;

/** What an incident's timeline records. */
public enum EntryKind {
    OPENED, NOTE, CONTAINED, CUSTOMERS_ADDED, REGULATOR_NOTIFIED, CUSTOMERS_NOTIFIED, NOT_REQUIRED, ESCALATED, CLOSED
}
