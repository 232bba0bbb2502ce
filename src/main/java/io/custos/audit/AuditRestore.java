package io.custos.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import javax.sql.DataSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log's side of restoring a backup (issue 17.3). A restore takes the chain back to the
 * moment of the backup, and the checkpoint file, outside the database, still attests what came
 * after: exactly what a truncation of the log looks like, and what the file exists to expose. A
 * restore is an operator's deliberate act, so it is made visible instead of passing for an attack:
 * the file is kept whole under a new name ({@code <file>.before-restore-<millis>}), the file in use
 * keeps only the checkpoints the restored database has, and the restore command records, in the
 * log itself, which checkpoints went with the lost events. Someone who can rewrite both the
 * database and this file could always do this; the audit log then says who restored what, when.
 */
@Component
public class AuditRestore {

    private static final Logger log = LoggerFactory.getLogger(AuditRestore.class);

    /**
     * @param dropped the checkpoints of this node's chain the file attested beyond the restored database
     * @param keptAs where the whole file was kept, null when nothing had to change
     */
    public record Alignment(long dropped, long restoredCheckpoints, @Nullable Path keptAs) {
    }

    private final AuditIntegrity integrity;
    private final AuditSealer sealer;

    AuditRestore(AuditIntegrity integrity, AuditSealer sealer) {
        this.integrity = integrity;
        this.sealer = sealer;
    }

    /**
     * Makes this node's checkpoint file ({@code custos.audit.*} in {@code environment}) agree with a
     * database that was just restored, before the sealer starts: a static method, because it runs
     * while the application is still building its database, before any audit bean exists. Lines of
     * other chains are kept as they are.
     */
    public static Alignment alignCheckpointFile(DataSource dataSource, Environment environment, Clock clock) {
        AuditProperties properties = Binder.get(environment).bindOrCreate("custos.audit", AuditProperties.class);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Path file = properties.checkpointFile();
        Map<String, Long> restored = new HashMap<>();
        jdbc.sql("select chain, max(checkpoint_no) from audit_checkpoint group by chain")
                .query(rs -> {
                    restored.put(rs.getString(1), rs.getLong(2));
                });
        long restoredHere = restored.getOrDefault(properties.chain(), 0L);
        if (!Files.exists(file)) {
            return new Alignment(0, restoredHere, null);
        }
        try {
            CheckpointFile.cutTornTail(file);
            List<String> kept = new ArrayList<>();
            long dropped = 0;
            long number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Checkpoint checkpoint;
                try {
                    checkpoint = CheckpointFile.parseLine(line, ++number);
                } catch (CheckpointFile.Malformed e) {
                    // Damage is for verification to report, not for a restore to hide.
                    kept.add(line);
                    continue;
                }
                if (checkpoint.number() > restored.getOrDefault(checkpoint.chain(), 0L)
                        && checkpoint.chain().equals(properties.chain())) {
                    dropped++;
                } else {
                    kept.add(line);
                }
            }
            if (dropped == 0) {
                return new Alignment(0, restoredHere, null);
            }
            Path keptAs = file.resolveSibling(file.getFileName() + ".before-restore-" + clock.millis());
            Files.copy(file, keptAs, StandardCopyOption.COPY_ATTRIBUTES);
            Path next = file.resolveSibling(file.getFileName() + ".restore");
            Files.write(next, kept.isEmpty() ? new byte[0]
                    : (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.warn("Restore: {} checkpoint(s) of chain {} in {} attested events the restored database does not have; "
                    + "the whole file is kept as {}", dropped, properties.chain(), file, keptAs);
            return new Alignment(dropped, restoredHere, keptAs);
        } catch (IOException e) {
            throw new UncheckedIOException("The checkpoint file " + file + " could not be aligned with the restore", e);
        }
    }

    /** Verifies the whole log once the sealer has started, as an operator would with audit-verify. */
    public AuditVerification verifyNow(Duration wait) throws InterruptedException {
        if (!sealer.awaitStarted(wait)) {
            throw new IllegalStateException("The audit sealer did not start within " + wait);
        }
        return integrity.check();
    }
}
