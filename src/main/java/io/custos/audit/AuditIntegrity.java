package io.custos.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import io.custos.keys.SignatureVerifier;
import io.custos.keys.Signatures;

/**
 * Verification of the whole log from inside the application, for auditors and security
 * administrators, plus the public key they need to verify offline. Checkpoints are checked with
 * the public half of the key the application signs with, so a key swapped in the database is
 * caught here; the offline tool takes the key from a file the auditor exported earlier.
 */
@Service
public class AuditIntegrity {

    private static final Logger log = LoggerFactory.getLogger(AuditIntegrity.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final AuditSealer sealer;
    private final Signatures signatures;
    private final AuditProperties properties;
    private final AuditLog audit;
    private final EventTags tags;
    private final AuditAlarm alarm;
    private final Clock clock;

    AuditIntegrity(DataSource dataSource, JdbcClient jdbc, AuditSealer sealer, Signatures signatures,
            AuditProperties properties, AuditLog audit, EventTags tags, AuditAlarm alarm, Clock clock) {
        this.tags = tags;
        this.alarm = alarm;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.signatures = signatures;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    public AuditVerification verify() {
        AuditVerification result = check();
        if (result.valid()) {
            alarm.clear();
        } else {
            raiseBroken(result);
        }
        audit.recordAlone(AuditEvent.of(AuditCategory.SECURITY, "audit.log.verified", AuditOutcome.ALLOWED)
                .detail("valid", result.valid())
                .detail("problems", result.problems().size())
                .build());
        return result;
    }

    /**
     * At every start, the whole log is verified in the background (issue 13.10): a chain broken
     * while the application was stopped turns health down and alerts the security administrators
     * instead of going unnoticed until someone thinks of verifying.
     */
    @EventListener(ApplicationReadyEvent.class)
    void verifyAtStart() {
        Thread check = new Thread(() -> {
            try {
                if (!sealer.awaitStarted(Duration.ofHours(1))) {
                    log.error("The audit sealer did not finish starting; the log is verified anyway");
                }
                checkAndAlarm();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "audit-verify-at-start");
        check.setDaemon(true);
        check.start();
    }

    /** Verifies the whole log and raises the alarm when it is broken; returns whether it is valid. */
    boolean checkAndAlarm() {
        try {
            AuditVerification result = check();
            if (!result.valid()) {
                raiseBroken(result);
            }
            return result.valid();
        } catch (RuntimeException e) {
            log.error("The audit log could not be verified at start", e);
            return false;
        }
    }

    private void raiseBroken(AuditVerification result) {
        AuditVerification.Problem first = result.problems().get(0);
        log.error("The audit log is broken: {} problem(s); first in chain {} at seq {}: {} ({})",
                result.problems().size(), first.chain(), first.seq(), first.kind(), first.detail());
        alarm.raise(AuditAlarmRaised.Reason.CHAIN_BROKEN, properties.chain(),
                AuditEvent.of(AuditCategory.SECURITY, "audit.alarm.raised", AuditOutcome.FAILED)
                        .detail("problems", result.problems().size())
                        .detail("kind", first.kind().name()));
    }

    /** The same check without the access rule or the event, for the application's own health. */
    AuditVerification check() {
        // Taken while the sealer is idle: every checkpoint up to these numbers is in the file as well.
        Map<String, Long> limits = sealer.whileQuiet(() -> {
            Map<String, Long> latest = new HashMap<>();
            jdbc.sql("select chain, max(checkpoint_no) from audit_checkpoint group by chain")
                    .query(rs -> {
                        latest.put(rs.getString(1), rs.getLong(2));
                    });
            return latest;
        });
        Map<String, Path> files = Map.of(properties.chain(), properties.checkpointFile());
        SignatureVerifier verifier = SignatureVerifier.of(signatures.publicKeyset(AuditProperties.SIGNING_KEY));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return new ChainVerifier(connection, verifier, files, limits, properties.archiveDirectory())
                        .checkingTags(tags::valid).verify(clock.instant(), false);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("The audit log cannot be read for verification", e);
        }
    }

    /** The public checkpoint key in Tink's JSON keyset format, to pin for offline verification. */
    @PreAuthorize("hasAnyRole('AUDITOR', 'SECURITY_ADMIN')")
    public String publicKey() {
        return signatures.publicKeyset(AuditProperties.SIGNING_KEY);
    }
}
