-- Issue 20.7 (R-IT-2, policy §二.4): IT security's periodic assessments and the vulnerability
-- register. Nothing here is customer information: scopes, summaries and findings are about the
-- company's own systems, so they are stored as written. Every change is in the audit log as ids,
-- dates and codes.
CREATE TABLE supervision_assessment (
    id             UUID          NOT NULL PRIMARY KEY,
    kind           VARCHAR(24)   NOT NULL,
    scope          VARCHAR(500)  NOT NULL,
    assessed_on    DATE          NOT NULL,
    assessor       VARCHAR(200)  NOT NULL,
    summary        VARCHAR(10000),
    status         VARCHAR(16)   NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by     UUID          NOT NULL REFERENCES employee (id),
    completed_at   TIMESTAMP(6) WITH TIME ZONE,
    completed_by   UUID          REFERENCES employee (id),
    version        INT           NOT NULL,
    CONSTRAINT ck_supervision_assessment_kind CHECK (kind IN ('INTERNAL_REVIEW', 'PENETRATION_TEST', 'DEPENDENCY_SCAN',
                                                'CONFIGURATION_REVIEW', 'OTHER')),
    CONSTRAINT ck_supervision_assessment_status CHECK (status IN ('PLANNED', 'DONE'))
);
CREATE INDEX supervision_assessment_date ON supervision_assessment (assessed_on);

-- A vulnerability is due found_on + the days of its severity (custos.supervision.vulnerability-due-days);
-- overdue ones are escalated to management once (escalated_at, set under the version check).
CREATE TABLE supervision_vulnerability (
    id              UUID          NOT NULL PRIMARY KEY,
    title           VARCHAR(200)  NOT NULL,
    description     VARCHAR(10000) NOT NULL,
    severity        VARCHAR(16)   NOT NULL,
    found_on        DATE          NOT NULL,
    assessment_id   UUID          REFERENCES supervision_assessment (id),
    source_text     VARCHAR(200),
    component       VARCHAR(200)  NOT NULL,
    due_on          DATE          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by      UUID          NOT NULL REFERENCES employee (id),
    fixed_at        TIMESTAMP(6) WITH TIME ZONE,
    fixed_by        UUID          REFERENCES employee (id),
    fix_note        VARCHAR(4000),
    verified_at     TIMESTAMP(6) WITH TIME ZONE,
    verified_by     UUID          REFERENCES employee (id),
    risk_reason     VARCHAR(4000),
    risk_review_on  DATE,
    risk_proposed_by UUID         REFERENCES employee (id),
    risk_approved_by UUID         REFERENCES employee (id),
    escalated_at    TIMESTAMP(6) WITH TIME ZONE,
    version         INT           NOT NULL,
    CONSTRAINT ck_supervision_vulnerability_severity CHECK (severity IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
    CONSTRAINT ck_supervision_vulnerability_status CHECK (status IN ('OPEN', 'IN_PROGRESS', 'FIXED', 'VERIFIED',
                                                'RISK_PROPOSED', 'ACCEPTED_RISK')),
    -- The one who fixed it never verifies it; the one who proposed accepting the risk never approves it.
    CONSTRAINT ck_supervision_vulnerability_verifier CHECK (verified_by IS NULL OR verified_by <> fixed_by),
    CONSTRAINT ck_supervision_vulnerability_approver CHECK (risk_approved_by IS NULL OR risk_approved_by <> risk_proposed_by)
);
CREATE INDEX supervision_vulnerability_status ON supervision_vulnerability (status, due_on);

-- The vulnerability's steps: what happened, when, by whom; the note is the fix note, the risk's
-- reason or why a fix was sent back.
CREATE TABLE supervision_vulnerability_step (
    id                UUID          NOT NULL PRIMARY KEY,
    vulnerability_id  UUID          NOT NULL REFERENCES supervision_vulnerability (id),
    -- 1, 2, 3... per vulnerability: steps taken within the same microsecond keep their order.
    step_no           INT           NOT NULL,
    happened_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    actor_id          UUID,
    detail            VARCHAR(100),
    note              VARCHAR(4000),
    CONSTRAINT ck_supervision_vulnerability_step_kind CHECK (kind IN ('RECORDED', 'EDITED', 'STARTED', 'FIXED',
                                                'VERIFIED', 'REOPENED', 'RISK_PROPOSED', 'RISK_ACCEPTED',
                                                'RISK_DECLINED', 'ESCALATED')),
    CONSTRAINT uk_supervision_vulnerability_step UNIQUE (vulnerability_id, step_no)
);
