package io.custos.incident;

/** The two notices an incident produces from the message bundles. */
public enum NoticeKind {
    REGULATOR, CUSTOMER
}
