package io.custos.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The partner register as the rest of sharing asks it: who a partner is, and whether a
 * confidentiality agreement covers a recipient and has been accepted by a partner's user.
 */
public interface Partners {

    Optional<PartnerSummary> find(UUID partnerId);

    /** Partners that can receive new grants' requests, by name. */
    List<PartnerSummary> active();

    /**
     * Whether a valid NDA is on file for the recipient at the instant: for a partner, one signed and
     * not expired; for a department, true unless the department is flagged as needing one and has
     * none in force. Without it no new grant is approved and active grants are suspended.
     */
    boolean ndaInForce(Recipient recipient, Instant at);

    /** Whether the partner user has accepted the NDA in force for their organisation at the instant. */
    boolean ndaAcceptedBy(UUID partnerUserId, Instant at);
}
