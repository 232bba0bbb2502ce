package io.custos.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code backup_record} and {@code backup_drill}. */
@Repository
class BackupRepository {

    private static final String BACKUP_COLUMNS = "id, trigger_type, requested_by, started_at, finished_at, status, "
            + "folder, row_count, byte_count, table_count, schema_version, problem, deleted_at, verified_at, "
            + "verified_by, verified_valid, verified_problem, verified_file";
    private static final String DRILL_COLUMNS = "id, backup_id, trigger_type, requested_by, started_at, finished_at, "
            + "status, database_kind, row_count, table_count, took_ms, problem";

    private final JdbcClient jdbc;

    BackupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- backups ------------------------------------------------------------------------------

    void insertRunning(UUID id, BackupTrigger trigger, @Nullable UUID requestedBy, Instant at) {
        jdbc.sql("insert into backup_record (id, trigger_type, requested_by, started_at, status) values (?, ?, ?, ?, ?)")
                .params(id, trigger.name(), requestedBy, utc(at), BackupStatus.RUNNING.name()).update();
    }

    void markDone(UUID id, String folder, Manifest manifest, Instant at) {
        jdbc.sql("update backup_record set status = ?, folder = ?, row_count = ?, byte_count = ?, table_count = ?, "
                + "schema_version = ?, finished_at = ? where id = ? and status = ?")
                .params(BackupStatus.DONE.name(), folder, manifest.rows(), manifest.bytes(), manifest.tables().size(),
                        manifest.schemaVersion(), utc(at), id, BackupStatus.RUNNING.name())
                .update();
    }

    void markFailed(UUID id, String problem, Instant at) {
        jdbc.sql("update backup_record set status = ?, problem = ?, finished_at = ? where id = ? and status = ?")
                .params(BackupStatus.FAILED.name(), problem, utc(at), id, BackupStatus.RUNNING.name()).update();
    }

    /** Backups left RUNNING by a node that stopped; called only by the holder of the backup lock. */
    List<UUID> running() {
        return jdbc.sql("select id from backup_record where status = ?").param(BackupStatus.RUNNING.name())
                .query(UUID.class).list();
    }

    boolean markDeleted(UUID id, Instant at) {
        return jdbc.sql("update backup_record set status = ?, deleted_at = ? where id = ? and status = ?")
                .params(BackupStatus.DELETED.name(), utc(at), id, BackupStatus.DONE.name()).update() == 1;
    }

    void markVerified(UUID id, Instant at, UUID by, boolean valid, @Nullable String problem, @Nullable String file) {
        jdbc.sql("update backup_record set verified_at = ?, verified_by = ?, verified_valid = ?, verified_problem = ?, "
                + "verified_file = ? where id = ?").params(utc(at), by, valid, problem, file, id).update();
    }

    Optional<BackupRecord> find(UUID id) {
        return jdbc.sql("select " + BACKUP_COLUMNS + " from backup_record where id = ?").param(id)
                .query(BackupRepository::backup).optional();
    }

    /** The newest first. */
    List<BackupRecord> list(int limit) {
        return jdbc.sql("select " + BACKUP_COLUMNS + " from backup_record order by started_at desc, id "
                + "fetch first " + limit + " rows only").query(BackupRepository::backup).list();
    }

    long count() {
        return jdbc.sql("select count(*) from backup_record").query(Long.class).single();
    }

    /** Every complete backup, the newest first. */
    List<BackupRecord> done() {
        return jdbc.sql("select " + BACKUP_COLUMNS + " from backup_record where status = ? order by started_at desc, id")
                .param(BackupStatus.DONE.name()).query(BackupRepository::backup).list();
    }

    Optional<BackupRecord> newestDone() {
        return jdbc.sql("select " + BACKUP_COLUMNS + " from backup_record where status = ? "
                + "order by started_at desc, id fetch first 1 rows only")
                .param(BackupStatus.DONE.name()).query(BackupRepository::backup).optional();
    }

    private static BackupRecord backup(ResultSet rs, int row) throws SQLException {
        Instant verifiedAt = instant(rs.getObject("verified_at", OffsetDateTime.class));
        BackupRecord.Verification verification = verifiedAt == null ? null : new BackupRecord.Verification(verifiedAt,
                rs.getObject("verified_by", UUID.class), rs.getBoolean("verified_valid"),
                rs.getString("verified_problem"), rs.getString("verified_file"));
        return new BackupRecord(rs.getObject("id", UUID.class), BackupTrigger.valueOf(rs.getString("trigger_type")),
                rs.getObject("requested_by", UUID.class), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("finished_at", OffsetDateTime.class)), BackupStatus.valueOf(rs.getString("status")),
                rs.getString("folder"), number(rs, "row_count"), number(rs, "byte_count"),
                (Integer) (rs.getObject("table_count") == null ? null : rs.getInt("table_count")),
                rs.getString("schema_version"), rs.getString("problem"),
                instant(rs.getObject("deleted_at", OffsetDateTime.class)), verification);
    }

    // --- drills -------------------------------------------------------------------------------

    void insertDrill(UUID id, @Nullable UUID backupId, BackupTrigger trigger, @Nullable UUID requestedBy, Instant at) {
        jdbc.sql("insert into backup_drill (id, backup_id, trigger_type, requested_by, started_at, status) "
                + "values (?, ?, ?, ?, ?, ?)")
                .params(id, backupId, trigger.name(), requestedBy, utc(at), DrillStatus.RUNNING.name()).update();
    }

    void finishDrill(UUID id, DrillStatus status, @Nullable String database, @Nullable Long rows,
            @Nullable Integer tables, long tookMs, @Nullable String problem, Instant at) {
        jdbc.sql("update backup_drill set status = ?, database_kind = ?, row_count = ?, table_count = ?, took_ms = ?, "
                + "problem = ?, finished_at = ? where id = ? and status = ?")
                .params(status.name(), database, rows, tables, tookMs, problem, utc(at), id, DrillStatus.RUNNING.name())
                .update();
    }

    /** Names the drill's scratch database before it is made, so a stopped node's leftovers can be found. */
    void recordScratch(UUID id, String token) {
        jdbc.sql("update backup_drill set scratch_token = ? where id = ?").params(token, id).update();
    }

    Optional<String> scratchOf(UUID id) {
        return jdbc.sql("select scratch_token from backup_drill where id = ? and scratch_token is not null").param(id)
                .query(String.class).optional();
    }

    /** Drills left RUNNING by a node that stopped; called only by the holder of the drill lock. */
    List<UUID> runningDrills() {
        return jdbc.sql("select id from backup_drill where status = ?").param(DrillStatus.RUNNING.name())
                .query(UUID.class).list();
    }

    /** Backups a drill is restoring right now: the retention of backups leaves them alone. */
    List<UUID> backupsInRunningDrills() {
        return jdbc.sql("select distinct backup_id from backup_drill where status = ? and backup_id is not null")
                .param(DrillStatus.RUNNING.name()).query(UUID.class).list();
    }

    Optional<RestoreDrill> findDrill(UUID id) {
        return jdbc.sql("select " + DRILL_COLUMNS + " from backup_drill where id = ?").param(id)
                .query(BackupRepository::drill).optional();
    }

    List<RestoreDrill> drills(int limit) {
        return jdbc.sql("select " + DRILL_COLUMNS + " from backup_drill order by started_at desc, id "
                + "fetch first " + limit + " rows only").query(BackupRepository::drill).list();
    }

    /** The newest drill that finished, passed or failed. */
    Optional<RestoreDrill> lastFinishedDrill() {
        return jdbc.sql("select " + DRILL_COLUMNS + " from backup_drill where status <> ? "
                + "order by started_at desc, id fetch first 1 rows only")
                .param(DrillStatus.RUNNING.name()).query(BackupRepository::drill).optional();
    }

    Optional<RestoreDrill> lastPassedDrill() {
        return jdbc.sql("select " + DRILL_COLUMNS + " from backup_drill where status = ? "
                + "order by started_at desc, id fetch first 1 rows only")
                .param(DrillStatus.PASSED.name()).query(BackupRepository::drill).optional();
    }

    private static RestoreDrill drill(ResultSet rs, int row) throws SQLException {
        return new RestoreDrill(rs.getObject("id", UUID.class), rs.getObject("backup_id", UUID.class),
                BackupTrigger.valueOf(rs.getString("trigger_type")), rs.getObject("requested_by", UUID.class),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("finished_at", OffsetDateTime.class)), DrillStatus.valueOf(rs.getString("status")),
                rs.getString("database_kind"), number(rs, "row_count"),
                (Integer) (rs.getObject("table_count") == null ? null : rs.getInt("table_count")),
                number(rs, "took_ms"), rs.getString("problem"));
    }

    // --- helpers ------------------------------------------------------------------------------

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static @Nullable Long number(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
