package io.custos.compliance;

/**
 * A safeguard Custos applies to a processing activity, derived from the levels of the data it uses
 * and from who receives it, never typed in: what the system enforces is what the record says.
 */
public enum ProcessingSafeguard {
    /** L3 and L4 values are stored only as ciphertext. */
    ENCRYPTION_AT_REST,
    /** Values are masked on every page and in every answer until revealed. */
    MASKING,
    /** A value is revealed only for a purpose the customer consented to. */
    CONSENTED_REVEAL,
    /** L4 data needs the customer's separate consent. */
    SEPARATE_SENSITIVE_CONSENT,
    /** Giving data to a partner needs the customer's separate consent. */
    SEPARATE_THIRD_PARTY_CONSENT,
    /** Every read, reveal, change and export is in the audit log. */
    ACCESS_AUDIT,
    /** Recipients receive data only under a confidentiality agreement in force. */
    RECIPIENT_NDA,
    /** Exports beyond the threshold, and every export under a grant, are approved first. */
    EXPORT_APPROVAL
}
