package io.custos.sharing;

/**
 * Where a sharing request stands. PENDING_HEAD → PENDING_ADMIN (external recipient or an L4 field)
 * → APPROVED; either pending state → REFUSED (by whoever decides it) or WITHDRAWN (by the
 * requester). Every other transition is refused.
 */
public enum RequestStatus {
    PENDING_HEAD, PENDING_ADMIN, APPROVED, REFUSED, WITHDRAWN;

    public boolean pending() {
        return this == PENDING_HEAD || this == PENDING_ADMIN;
    }
}
