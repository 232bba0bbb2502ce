package io.custos.sharing;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when a grant stops giving access: it reached its end, or was revoked. Features that
 * handed out copies under it (export packages) ask the recipient to confirm their destruction.
 */
public record GrantEnded(UUID grantId, Recipient recipient, Instant endedAt, boolean revoked) {
}
