-- Issue 17 (R-STO-3): ShedLock's lock rows, so a scheduled job (the daily backup, the monthly restore
-- drill) runs on one node only however many run Custos, and two backups never run at once. The
-- columns are the ones JdbcTemplateLockProvider reads and writes; times are the database's own (UTC).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until  TIMESTAMP(6) NOT NULL,
    locked_at   TIMESTAMP(6) NOT NULL,
    locked_by   VARCHAR(255) NOT NULL
);

-- One row per backup made by the application (scheduled or on demand; COMMAND is kept for the
-- command line). folder: the backup's folder name under custos.backup.directory, set once it is
-- written; the only way to a backup's files, so nothing a caller sends ever becomes a path.
-- problem: a BackupException.Problem name (or INTERRUPTED, UNEXPECTED), never a message.
-- verified_*: the latest verification of the backup's files on demand.
CREATE TABLE backup_record (
    id                UUID         NOT NULL PRIMARY KEY,
    trigger_type      VARCHAR(16)  NOT NULL,
    requested_by      UUID,
    started_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP(6) WITH TIME ZONE,
    status            VARCHAR(16)  NOT NULL,
    folder            VARCHAR(80),
    row_count         BIGINT,
    byte_count        BIGINT,
    table_count       INT,
    schema_version    VARCHAR(32),
    problem           VARCHAR(32),
    deleted_at        TIMESTAMP(6) WITH TIME ZONE,
    verified_at       TIMESTAMP(6) WITH TIME ZONE,
    verified_by       UUID,
    verified_valid    BOOLEAN,
    verified_problem  VARCHAR(32),
    verified_file     VARCHAR(120),
    CONSTRAINT ck_backup_record_trigger CHECK (trigger_type IN ('SCHEDULED', 'MANUAL', 'COMMAND')),
    CONSTRAINT ck_backup_record_status CHECK (status IN ('RUNNING', 'DONE', 'FAILED', 'DELETED')),
    CONSTRAINT ck_backup_record_done CHECK (status <> 'DONE' OR (folder IS NOT NULL AND finished_at IS NOT NULL))
);
CREATE INDEX ix_backup_record_started ON backup_record (started_at);
