-- Issue 18 (R-EMP-5): a handover case per departure or change of post. It lists what the person
-- held (handover_item, one row per thing, by id only), who settled each and how, the person's
-- undertaking and the head's sign-off. Rows are never deleted: they are the record HR receives.
CREATE TABLE handover_case (
    id                 UUID          NOT NULL PRIMARY KEY,
    employee_id        UUID          NOT NULL REFERENCES employee (id),
    kind               VARCHAR(16)   NOT NULL,
    -- The department the person leaves (or left): its head settles the case.
    department_id      UUID          NOT NULL REFERENCES department (id),
    -- For a transfer, the department the person moved to.
    to_department_id   UUID          REFERENCES department (id),
    effective_on       DATE          NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    opened_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    opened_by          UUID          REFERENCES employee (id),
    access_ended_at    TIMESTAMP(6) WITH TIME ZONE,
    undertaking_at     TIMESTAMP(6) WITH TIME ZONE,
    undertaking_method VARCHAR(16),
    undertaking_by     UUID          REFERENCES employee (id),
    undertaking_document UUID,
    undertaking_version INT,
    signed_off_at      TIMESTAMP(6) WITH TIME ZONE,
    signed_off_by      UUID          REFERENCES employee (id),
    closed_at          TIMESTAMP(6) WITH TIME ZONE,
    version            INT           NOT NULL,
    CONSTRAINT ck_handover_kind CHECK (kind IN ('DEPARTURE', 'TRANSFER')),
    CONSTRAINT ck_handover_status CHECK (status IN ('OPEN', 'SIGNED_OFF', 'WITHDRAWN')),
    CONSTRAINT ck_handover_undertaking CHECK (undertaking_method IS NULL OR undertaking_method IN ('ONLINE', 'PAPER'))
);
CREATE INDEX handover_case_employee ON handover_case (employee_id, status);
CREATE INDEX handover_case_department ON handover_case (department_id, status);

CREATE TABLE handover_item (
    id            UUID          NOT NULL PRIMARY KEY,
    case_id       UUID          NOT NULL REFERENCES handover_case (id),
    kind          VARCHAR(24)   NOT NULL,
    subject_id    UUID          NOT NULL,
    -- What the page names it by when it is not a customer (a purpose, a register number, a title):
    -- never a customer value; a customer's public name is looked up when shown.
    label         VARCHAR(300),
    listed_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    outcome       VARCHAR(24),
    successor_id  UUID          REFERENCES employee (id),
    settled_at    TIMESTAMP(6) WITH TIME ZONE,
    settled_by    UUID          REFERENCES employee (id),
    CONSTRAINT uk_handover_item UNIQUE (case_id, kind, subject_id),
    CONSTRAINT ck_handover_item_kind CHECK (kind IN ('CUSTOMER', 'SHARING_REQUEST', 'GRANT', 'EXPORT',
                                                     'PAPER_RECORD', 'TRAINING', 'FLAGGED_ACCESS')),
    CONSTRAINT ck_handover_item_outcome CHECK (outcome IS NULL OR outcome IN ('REASSIGNED', 'WITHDRAWN',
        'CONTINUED', 'ENDED', 'CHECKED_IN', 'ACKNOWLEDGED', 'REVIEWED', 'TO_HEAD', 'GONE'))
);
CREATE INDEX handover_item_case ON handover_item (case_id, kind, outcome);
