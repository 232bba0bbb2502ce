package io.custos.incident;

/** Categories of data an incident touched, as the notices name them (never the values). */
public enum DataCategory {
    CONTACT, IDENTITY, FINANCIAL, TRANSACTION, BUSINESS, CREDENTIALS
}
