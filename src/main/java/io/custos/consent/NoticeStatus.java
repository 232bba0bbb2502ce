package io.custos.consent;

/**
 * The life of a privacy notice version: DRAFT → SUBMITTED (administration) → APPROVED (management)
 * → PUBLISHED (administration); management may send a submission back to DRAFT. A published version
 * is final.
 */
public enum NoticeStatus {
    DRAFT, SUBMITTED, APPROVED, PUBLISHED;

    boolean editable() {
        return this == DRAFT;
    }
}
