-- Customer imports (R-COL-3): one row per import, its progress and its report. The file itself is
-- never stored: it holds L3-L4 values in clear and lives in the memory of the node that runs the job.
CREATE TABLE customer_import (
    id             UUID          NOT NULL PRIMARY KEY,
    requested_by   UUID          NOT NULL REFERENCES employee (id),
    -- The node whose memory holds the file; at its next start an unfinished import there is FAILED.
    node           VARCHAR(64)   NOT NULL,
    format         VARCHAR(10)   NOT NULL,
    mode           VARCHAR(20)   NOT NULL,
    status         VARCHAR(10)   NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    -- Why a FAILED import failed: invalid-rows, interrupted or error.
    failure        VARCHAR(40),
    total_rows     INT           NOT NULL,
    processed_rows INT           NOT NULL,
    created        INT           NOT NULL,
    skipped        INT           NOT NULL,
    -- The last row of the file whose outcome is committed (skip-invalid imports commit in chunks).
    committed_row  INT,
    -- JSON list of {row, field, reason}, capped; report_count counts every problem found.
    report         VARCHAR(100000) NOT NULL,
    report_count   INT           NOT NULL,
    requested_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_at     TIMESTAMP(6) WITH TIME ZONE,
    finished_at    TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX customer_import_requested_by ON customer_import (requested_by);
CREATE INDEX customer_import_status ON customer_import (node, status);
