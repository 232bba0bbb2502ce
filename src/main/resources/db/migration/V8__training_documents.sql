-- Policy documents and the confidentiality agreement (R-EMP-1, R-EMP-4): each document is a series
-- of numbered versions with Chinese and English text (Markdown, rendered with raw HTML escaped).
-- A version moves DRAFT -> SUBMITTED -> PUBLISHED (approved by management) or REJECTED -> DRAFT;
-- publishing supersedes the version published before. There is at most one agreement document:
-- its row carries singleton = 'AGREEMENT', policy documents NULL, and NULLs never collide.
-- created_by and drafted_by are empty for the templates Custos ships.
CREATE TABLE policy_document (
    id         UUID         NOT NULL PRIMARY KEY,
    kind       VARCHAR(16)  NOT NULL CHECK (kind IN ('POLICY', 'AGREEMENT')),
    singleton  VARCHAR(16)  UNIQUE CHECK (singleton IS NULL OR singleton = 'AGREEMENT'),
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by UUID
);

CREATE TABLE policy_document_version (
    id           UUID           NOT NULL PRIMARY KEY,
    document_id  UUID           NOT NULL REFERENCES policy_document (id),
    number       INT            NOT NULL,
    state        VARCHAR(16)    NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED', 'REJECTED', 'PUBLISHED', 'SUPERSEDED')),
    title_zh     VARCHAR(200)   NOT NULL,
    title_en     VARCHAR(200)   NOT NULL,
    body_zh      VARCHAR(100000) NOT NULL,
    body_en      VARCHAR(100000) NOT NULL,
    drafted_by   UUID,
    drafted_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    submitted_by UUID,
    submitted_at TIMESTAMP(6) WITH TIME ZONE,
    decided_by   UUID,
    decided_at   TIMESTAMP(6) WITH TIME ZONE,
    published_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT policy_document_version_number UNIQUE (document_id, number)
);
CREATE INDEX policy_document_version_state ON policy_document_version (state);

-- An employee's dated acknowledgment of a policy version, or acceptance of an agreement version.
CREATE TABLE policy_acknowledgment (
    version_id      UUID NOT NULL REFERENCES policy_document_version (id),
    employee_id     UUID NOT NULL REFERENCES employee (id),
    acknowledged_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (version_id, employee_id)
);
CREATE INDEX policy_acknowledgment_employee ON policy_acknowledgment (employee_id);
