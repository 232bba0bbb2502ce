-- Why management sent a policy version back (issue 14.12): the author reads it on the version page.
-- One row per sending back, kept when the version is revised and sent back again; the audit event
-- of each names its row, since free text never goes into the audit log.
CREATE TABLE policy_version_rejection (
    id          UUID          NOT NULL PRIMARY KEY,
    version_id  UUID          NOT NULL REFERENCES policy_document_version (id),
    reason      VARCHAR(500)  NOT NULL,
    rejected_by UUID          NOT NULL,
    rejected_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX policy_version_rejection_version ON policy_version_rejection (version_id, rejected_at);
