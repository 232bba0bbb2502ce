package io.custos.handover;

/**
 * A case is open until the head signs it off (every item settled, the undertaking given); a notice
 * withdrawn before the leaving date withdraws the case, keeping what was already settled.
 */
public enum HandoverStatus {
    OPEN,
    SIGNED_OFF,
    WITHDRAWN
}
