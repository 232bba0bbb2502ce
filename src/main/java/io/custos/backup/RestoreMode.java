package io.custos.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.audit.AuditRestore;
import io.custos.audit.AuditVerification;
import io.custos.keys.BackupKeys;
import io.custos.retention.DestructionReplay;
import io.custos.retention.ReplayResult;
import io.custos.shared.Actor;

/**
 * The application started by {@code java -jar custos.jar restore} ({@link RestoreCommand}): instead of
 * migrating, it restores the backup into the empty database (Flyway builds the schema as part of
 * it) and aligns the audit checkpoint file, all before any other part of Custos touches the
 * database. Everything else then starts as usual, which replays the destruction journal; the
 * {@link Finisher} records the restore and verifies the audit log.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(RestoreMode.FROM)
class RestoreMode {

    static final String FROM = "custos.restore.from";
    static final String FORCE = "custos.restore.force";
    static final String CONFIRM = "custos.restore.confirm";
    static final String JOB = "restore";

    /** What the restore did while the application was being built. */
    static final class Loaded {
        volatile BackupRestorer.@Nullable Restored restored;
        volatile AuditRestore.@Nullable Alignment alignment;
    }

    @Bean
    Loaded restoreLoaded() {
        return new Loaded();
    }

    @Bean
    FlywayMigrationStrategy restoreInsteadOfMigrating(DataSource dataSource, Environment environment, Loaded loaded) {
        return flyway -> {
            BackupRestorer.Options options = new BackupRestorer.Options(
                    environment.getProperty(FORCE, Boolean.class, false), environment.getProperty(CONFIRM), true);
            loaded.restored = BackupRestorer.restore(Path.of(environment.getRequiredProperty(FROM)),
                    BackupKeys.masterKey(environment), dataSource, options);
            loaded.alignment = AuditRestore.alignCheckpointFile(dataSource, environment, Clock.systemUTC());
        };
    }

    @Bean
    Finisher restoreFinisher(Loaded loaded, AuditLog audit, AuditRestore auditRestore, DestructionReplay replay,
            Backups backups, Environment environment) {
        return new Finisher(loaded, audit, auditRestore, replay, backups,
                Path.of(environment.getRequiredProperty(FROM)));
    }

    /** What the restore command reports. */
    record Report(BackupRestorer.Restored restored, AuditRestore.Alignment alignment, long replayedAtStart,
            long replayedFromOtherJournals, boolean journalsComplete, AuditVerification audit) {

        boolean ok() {
            return journalsComplete && audit.valid();
        }
    }

    static final class Finisher {
        private final Loaded loaded;
        private final AuditLog audit;
        private final AuditRestore auditRestore;
        private final DestructionReplay replay;
        private final Backups backups;
        private final Path folder;

        Finisher(Loaded loaded, AuditLog audit, AuditRestore auditRestore, DestructionReplay replay, Backups backups,
                Path folder) {
            this.loaded = loaded;
            this.audit = audit;
            this.auditRestore = auditRestore;
            this.replay = replay;
            this.backups = backups;
            this.folder = folder;
        }

        /** @param otherJournals other nodes' destruction journals, replayed after this node's own */
        Report finish(List<Path> otherJournals) throws InterruptedException {
            BackupRestorer.Restored restored = loaded.restored;
            AuditRestore.Alignment alignment = loaded.alignment;
            if (restored == null || alignment == null) {
                throw new IllegalStateException("The application started without restoring: was the database migrated "
                        + "by something else first?");
            }
            backups.completeRestored(folder, restored.manifest());
            ReplayResult atStart = replay.lastReplayOfOwnJournal()
                    .orElseThrow(() -> new IllegalStateException("The destruction journal was not replayed at start"));
            ReplayResult others = otherJournals.isEmpty() ? null : replay.replay(new ArrayList<>(otherJournals));
            boolean complete = atStart.complete() && (others == null || others.complete());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backup", BackupFormat.FOLDER_PREFIX + restored.manifest().id());
            details.put("rows", restored.rows());
            details.put("schema", "v" + restored.manifest().schemaVersion());
            details.put("checkpointsDropped", alignment.dropped());
            details.put("replayed", atStart.replayed() + (others == null ? 0 : others.replayed()));
            AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, "backup.restored",
                    complete ? AuditOutcome.ALLOWED : AuditOutcome.FAILED).actor(Actor.system(JOB));
            details.forEach(event::detail);
            audit.recordAlone(event.build());
            AuditVerification verification = auditRestore.verifyNow(Duration.ofMinutes(10));
            return new Report(restored, alignment, atStart.replayed(), others == null ? 0 : others.replayed(), complete,
                    verification);
        }
    }
}
