package io.custos.audit;

/** Who reads which events: auditors read all; security administrators read {@link #SECURITY}. */
public enum AuditCategory {
    /** Sign-in, credentials, roles, keys and the audit log's own operations. */
    SECURITY,
    /** Departments, employees and other organisation data. */
    ADMINISTRATION,
    /** Customer information: reads, reveals, changes, exports, sharing, destruction. */
    DATA
}
