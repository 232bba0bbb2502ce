package io.custos.retention;

/** What a retention rule measures, and from which date its period counts. */
public enum RuleKind {
    /** A prospect (no transaction recorded): from the last contact, or the record's creation. */
    PROSPECT_INACTIVE,
    /** A customer with a transaction: from the last transaction. */
    CUSTOMER_INACTIVE,
    /** Consent withdrawn and no purpose left: from the withdrawal. */
    CONSENT_WITHDRAWN,
    /**
     * A legal minimum (accounting records): the L1 business facts it names outlive the person,
     * anonymized, until its period after the last transaction ends.
     */
    LEGAL_MINIMUM;

    /** At most one rule of each kind is in a set: two periods for one trigger would contradict each other. */
    boolean measuresDue() {
        return this != LEGAL_MINIMUM;
    }
}
