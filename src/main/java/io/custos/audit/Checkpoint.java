package io.custos.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement that chain {@code chain} had hash {@code eventHash} at {@code eventSeq}; the
 * {@code number}s of a chain's checkpoints run 1, 2, 3… without gaps.
 */
record Checkpoint(String chain, long number, long eventSeq, String eventHash, Instant at, String signature) {

    /** The bytes the signature covers; a checkpoint cannot be moved to another chain, number or time. */
    static byte[] signedBytes(String chain, long number, long eventSeq, String eventHash, Instant at) {
        return ("custos-audit-checkpoint/v1\n" + chain + "\n" + number + "\n" + eventSeq + "\n" + eventHash + "\n"
                + EventHashing.micros(at)).getBytes(StandardCharsets.UTF_8);
    }

    byte[] signedBytes() {
        return signedBytes(chain, number, eventSeq, eventHash, at);
    }
}
