package io.custos.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.audit.*}.
 *
 * @param chain this node's chain; every node of a cluster needs its own
 * @param sealInterval how often the sealer links new events (events are sealed within about this)
 * @param checkpointEvery events between signed checkpoints at most
 * @param checkpointInterval time between checkpoints at most, when there are new events
 * @param checkpointFile the append-only copy of this node's checkpoints outside the database
 * @param retention how long events stay in the database: at least six months (Cybersecurity Law art. 21)
 * @param archiveDirectory where events past their retention are archived to signed files
 */
@ConfigurationProperties("custos.audit")
public record AuditProperties(@DefaultValue("node-1") String chain, @DefaultValue("500ms") Duration sealInterval,
        @DefaultValue("1000") int checkpointEvery, @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("./data/audit/checkpoints.log") Path checkpointFile, @DefaultValue("3y") Period retention,
        @DefaultValue("./data/audit/archive") Path archiveDirectory) {

    static final String SIGNING_KEY = "audit-checkpoints";

    public AuditProperties {
        AuditDetails.name(chain, "custos.audit.chain");
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("custos.audit.checkpoint-every must be at least 1");
        }
        LocalDate reference = LocalDate.of(2000, 1, 1);
        if (reference.plus(retention).isBefore(reference.plusMonths(6))) {
            throw new IllegalArgumentException("custos.audit.retention must be at least six months "
                    + "(Cybersecurity Law art. 21); it is " + retention);
        }
    }
}
