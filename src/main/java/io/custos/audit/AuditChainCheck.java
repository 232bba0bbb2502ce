package io.custos.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.custos.keys.SignatureVerifier;
import io.custos.keys.Signatures;

/**
 * Verifies the audit log held by another database, a restored copy (issue 17, the restore drill):
 * every chain's hashes, its signed checkpoints and the events' tags, checked with this
 * installation's own keys, never with whatever key the copy holds. There is no checkpoint file or
 * archive folder for a copy, so those are not compared; the live log's own verification does that.
 */
@Component
public class AuditChainCheck {

    private final Signatures signatures;
    private final EventTags tags;
    private final Clock clock;

    AuditChainCheck(Signatures signatures, EventTags tags, Clock clock) {
        this.signatures = signatures;
        this.tags = tags;
        this.clock = clock;
    }

    /** @param copy a connection to the copy; read only, in whatever transaction the caller holds */
    public AuditVerification verify(Connection copy) throws SQLException {
        SignatureVerifier verifier = SignatureVerifier.of(signatures.publicKeyset(AuditProperties.SIGNING_KEY));
        return new ChainVerifier(copy, verifier, Map.of(), Map.of(), null).checkingTags(tags::valid)
                .verify(clock.instant(), false);
    }
}
