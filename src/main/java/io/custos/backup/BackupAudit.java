package io.custos.backup;

import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.custos.audit.AuditCategory;
import io.custos.audit.AuditEvent;
import io.custos.audit.AuditLog;
import io.custos.audit.AuditOutcome;
import io.custos.shared.Actor;

/**
 * The backup module's audit vocabulary: ids, counts, codes and folder names (never a message, which
 * may name paths of the server). Backups are security events: a backup is a copy of everything,
 * opened only by the master key.
 */
@Component
class BackupAudit {

    static final String BACKUP = "backup";
    static final String DRILL = "backup-drill";
    /** The actor of what the schedule does. */
    static final Actor SCHEDULE = Actor.system("backup-schedule");
    static final Actor DRILL_SCHEDULE = Actor.system("backup-drill-schedule");
    /** The actor that closes the record of a job a stopped node left running. */
    static final Actor CLEANUP = Actor.system("backup");

    private final AuditLog audit;

    BackupAudit(AuditLog audit) {
        this.audit = audit;
    }

    /** In the caller's transaction. */
    void record(String action, AuditOutcome outcome, String type, UUID id, Actor actor, Map<String, ?> details) {
        AuditEvent.Builder event = AuditEvent.of(AuditCategory.SECURITY, action, outcome).target(type, id).actor(actor);
        details.forEach(event::detail);
        audit.record(event.build());
    }

    /** A schema version as an identifier ({@code v75}): the audit log takes no value that starts with a digit. */
    static String version(String schemaVersion) {
        return "v" + schemaVersion;
    }

    /** Kilobytes, rounded up. */
    static long kilobytes(long bytes) {
        return count((bytes + 1023) / 1024);
    }

    /** A count as the audit log takes it (at most 999,999,999): a huge backup is still recorded. */
    static long count(long value) {
        return Math.min(value, 999_999_999L);
    }
}
