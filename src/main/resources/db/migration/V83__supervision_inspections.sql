-- Issue 20 points 1-3 (R-SUP-1, R-SUP-2, policy §五): the administration department inspects every
-- department on a checklist, orders rectification of what it finds with a deadline, and verifies it.
-- Checklists are versioned: once an inspection uses a version it is frozen (edits make a new version).
CREATE TABLE inspection_checklist (
    id            UUID          NOT NULL PRIMARY KEY,
    family_id     UUID          NOT NULL,
    version_no    INT           NOT NULL,
    title_zh      VARCHAR(200)  NOT NULL,
    title_en      VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by    UUID,
    retired       BOOLEAN       NOT NULL,
    CONSTRAINT uk_inspection_checklist_version UNIQUE (family_id, version_no)
);

-- One item: the policy's chapter (I..V for §一..§五), the question and the inspector's guidance in
-- both languages, and optionally the live evidence the system computes for it.
CREATE TABLE inspection_checklist_item (
    id             UUID          NOT NULL PRIMARY KEY,
    checklist_id   UUID          NOT NULL REFERENCES inspection_checklist (id),
    position       INT           NOT NULL,
    chapter        VARCHAR(4)    NOT NULL,
    question_zh    VARCHAR(500)  NOT NULL,
    question_en    VARCHAR(500)  NOT NULL,
    guidance_zh    VARCHAR(2000) NOT NULL,
    guidance_en    VARCHAR(2000) NOT NULL,
    evidence       VARCHAR(32),
    CONSTRAINT uk_inspection_item_position UNIQUE (checklist_id, position),
    CONSTRAINT ck_inspection_item_chapter CHECK (chapter IN ('I', 'II', 'III', 'IV', 'V'))
);

-- An inspection: planned for a department and a quarter, carried out by one inspector (an
-- administration officer or an auditor from outside the department), completed with a report.
CREATE TABLE inspection (
    id             UUID          NOT NULL PRIMARY KEY,
    checklist_id   UUID          NOT NULL REFERENCES inspection_checklist (id),
    department_id  UUID          NOT NULL REFERENCES department (id),
    period_label   VARCHAR(8)    NOT NULL,
    period_start   DATE          NOT NULL,
    period_end     DATE          NOT NULL,
    inspector_id   UUID          NOT NULL REFERENCES employee (id),
    planned_by     UUID          NOT NULL REFERENCES employee (id),
    planned_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    started_at     TIMESTAMP(6) WITH TIME ZONE,
    completed_at   TIMESTAMP(6) WITH TIME ZONE,
    version        INT           NOT NULL,
    CONSTRAINT uk_inspection_period UNIQUE (department_id, period_label, checklist_id),
    CONSTRAINT ck_inspection_status CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'COMPLETED'))
);
CREATE INDEX inspection_department ON inspection (department_id, period_start);
CREATE INDEX inspection_inspector ON inspection (inspector_id, status);

-- What the inspector recorded for one item, with the evidence figures as they were seen then.
-- Finding text and notes are about the department's practice and its staff, never customer values.
CREATE TABLE inspection_result (
    inspection_id  UUID          NOT NULL REFERENCES inspection (id),
    item_id        UUID          NOT NULL REFERENCES inspection_checklist_item (id),
    score          INT           NOT NULL,
    finding        BOOLEAN       NOT NULL,
    finding_text   VARCHAR(4000),
    notes          VARCHAR(4000),
    due_on         DATE,
    evidence_main  BIGINT,
    evidence_extra BIGINT,
    recorded_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    recorded_by    UUID          NOT NULL REFERENCES employee (id),
    PRIMARY KEY (inspection_id, item_id),
    CONSTRAINT ck_inspection_result_score CHECK (score BETWEEN 0 AND 3)
);

-- A rectification: one finding of a completed inspection, owned by the department's head, due on
-- a date, fixed by the owner and verified (closed) or rejected (open again) by the inspector.
CREATE TABLE rectification (
    id             UUID          NOT NULL PRIMARY KEY,
    inspection_id  UUID          NOT NULL REFERENCES inspection (id),
    item_id        UUID          NOT NULL REFERENCES inspection_checklist_item (id),
    department_id  UUID          NOT NULL REFERENCES department (id),
    owner_id       UUID          NOT NULL REFERENCES employee (id),
    inspector_id   UUID          NOT NULL REFERENCES employee (id),
    due_on         DATE          NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    escalated_at   TIMESTAMP(6) WITH TIME ZONE,
    opened_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    closed_at      TIMESTAMP(6) WITH TIME ZONE,
    version        INT           NOT NULL,
    CONSTRAINT uk_rectification_finding UNIQUE (inspection_id, item_id),
    CONSTRAINT ck_rectification_status CHECK (status IN ('OPEN', 'SUBMITTED', 'CLOSED'))
);
CREATE INDEX rectification_owner ON rectification (owner_id, status);
CREATE INDEX rectification_status ON rectification (status, due_on);

-- The rectification's steps: opened, a fix submitted (with the owner's evidence text), rejected
-- (with the inspector's reason), verified, escalated.
CREATE TABLE rectification_step (
    id                UUID          NOT NULL PRIMARY KEY,
    rectification_id  UUID          NOT NULL REFERENCES rectification (id),
    seq               INT           NOT NULL,
    happened_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    actor_id          UUID,
    words             VARCHAR(4000),
    CONSTRAINT ck_rectification_step_kind CHECK (kind IN ('OPENED', 'FIX_SUBMITTED', 'REJECTED', 'VERIFIED',
                                                          'ESCALATED'))
);
CREATE UNIQUE INDEX rectification_step_of ON rectification_step (rectification_id, seq);
