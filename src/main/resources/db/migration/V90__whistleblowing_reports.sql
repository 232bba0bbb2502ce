-- Issue 20.5 (R-SUP-4): whistleblowing reports made without an account. Nothing here names or
-- points at the reporter: no employee id, client address, user agent, cookie or session. The
-- follow-up code is kept only as its SHA-256 (the code is random, 100 bits: a hash is enough).
-- The report and every message are encrypted under the report's own data key (owner = report id),
-- so destroying that key destroys every word of the report.
CREATE TABLE whistle_report (
    id               UUID          NOT NULL PRIMARY KEY,
    code_hash        VARCHAR(64)   NOT NULL,
    -- Who handles it: the administration department, or an auditor when the reporter said it
    -- concerns the administration department's own staff (who then never see it).
    handler_role     VARCHAR(16)   NOT NULL,
    concerns_admin   BOOLEAN       NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    verdict          VARCHAR(16),
    -- The day only in this table. The exact time is still in the audit event and in the report's
    -- data key (data_key.created_at); see docs/security-model.md, Whistleblowing.
    received_on      DATE          NOT NULL,
    closed_at        TIMESTAMP(6) WITH TIME ZONE,
    closed_by        UUID          REFERENCES employee (id),
    version          INT           NOT NULL,
    CONSTRAINT uk_whistle_code UNIQUE (code_hash),
    CONSTRAINT ck_whistle_handler CHECK (handler_role IN ('ADMIN_OFFICER', 'AUDITOR')),
    CONSTRAINT ck_whistle_status CHECK (status IN ('OPEN', 'CLOSED')),
    CONSTRAINT ck_whistle_verdict CHECK (verdict IS NULL OR verdict IN ('VERIFIED', 'NOT_VERIFIED', 'UNFOUNDED')),
    CONSTRAINT ck_whistle_closed CHECK ((status = 'CLOSED') = (verdict IS NOT NULL))
);

CREATE INDEX ix_whistle_open ON whistle_report (status, handler_role);

-- The report itself (REPORT), what the reporter adds later (REPORTER: more facts, evidence) and the
-- handlers' answers (ANSWER), which the reporter reads with the code.
CREATE TABLE whistle_message (
    id               UUID          NOT NULL PRIMARY KEY,
    report_id        UUID          NOT NULL REFERENCES whistle_report (id),
    author           VARCHAR(16)   NOT NULL,
    handler_id       UUID          REFERENCES employee (id),
    written_on       DATE          NOT NULL,
    position         INT           NOT NULL,
    text_cipher      VARCHAR(24000) NOT NULL,
    CONSTRAINT uk_whistle_message_position UNIQUE (report_id, position),
    CONSTRAINT ck_whistle_author CHECK (author IN ('REPORT', 'REPORTER', 'ANSWER')),
    CONSTRAINT ck_whistle_handler_named CHECK ((author = 'ANSWER') = (handler_id IS NOT NULL))
);
