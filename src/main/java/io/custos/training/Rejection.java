package io.custos.training;

import java.time.Instant;
import java.util.UUID;

/** Why management sent a policy version back, who did and when. */
public record Rejection(String reason, UUID rejectedBy, Instant rejectedAt) {

    /** The longest reason kept, in characters. */
    public static final int MAX_REASON = 500;
}
