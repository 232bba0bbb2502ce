package io.custos.incident;

/**
 * What an incident's timeline records. {@code NOTICE_MEASURES} holds the words written for the notices
 * (sent as written to every affected customer and to the regulator); containment steps stay internal.
 */
public enum EntryKind {
    OPENED, NOTE, CONTAINED, NOTICE_MEASURES, CUSTOMERS_ADDED, REGULATOR_NOTIFIED, CUSTOMERS_NOTIFIED, NOT_REQUIRED, ESCALATED, CLOSED
}
