package io.custos.audit;

/**
 * The audit log's integrity is in doubt on this node (issue 13.10): the security administrators must
 * hear of it. Carries the reason and the chain only; what exactly was found is in the log and in the
 * verification result, for those allowed to see it.
 */
public record AuditAlarmRaised(Reason reason, String chain) {

    public enum Reason {
        /** Verification found the chain, its checkpoints or the checkpoint file broken. */
        CHAIN_BROKEN,
        /** The chain in the database ends before what the checkpoint file attests: events were removed. */
        CHAIN_SHORTER_THAN_CHECKPOINTS,
        /** Rows without a valid authentication tag were found in the log and refused. */
        FORGED_EVENTS_REJECTED
    }
}
