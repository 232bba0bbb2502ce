-- Issue 17 (R-STO-3): restore drills. Each restores a backup into a scratch database (an H2 file or a
-- PostgreSQL schema of its own, removed afterwards), compares every table's row count with the
-- backup's manifest and verifies the audit chain there. backup_id is null when there was no backup
-- to restore (problem NO_BACKUP). problem: a BackupException.Problem name, NO_BACKUP, ROWS_DIFFER,
-- AUDIT_CHAIN_BROKEN, INTERRUPTED or UNEXPECTED; never a message. scratch_token: the 12 hex digits naming
-- the drill's scratch database (drill-<token> file, custos_drill_<token> schema), so that what a node
-- that stopped mid-drill left behind is removed by the next drill.
CREATE TABLE backup_drill (
    id             UUID         NOT NULL PRIMARY KEY,
    backup_id      UUID         REFERENCES backup_record (id),
    trigger_type   VARCHAR(16)  NOT NULL,
    requested_by   UUID,
    started_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP(6) WITH TIME ZONE,
    status         VARCHAR(16)  NOT NULL,
    database_kind  VARCHAR(16),
    row_count      BIGINT,
    table_count    INT,
    took_ms        BIGINT,
    problem        VARCHAR(32),
    scratch_token  VARCHAR(12),
    CONSTRAINT ck_backup_drill_trigger CHECK (trigger_type IN ('SCHEDULED', 'MANUAL')),
    CONSTRAINT ck_backup_drill_status CHECK (status IN ('RUNNING', 'PASSED', 'FAILED'))
);
CREATE INDEX ix_backup_drill_started ON backup_drill (started_at);
