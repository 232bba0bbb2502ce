-- Issue 16.6 (R-DEL-3): the register of paper media holding customer data, their check-outs, and
-- their destruction orders, approved by the head of the custodian's department and by the
-- administration department, executed before a witness with photographs, then certified.

-- status: KEPT (in its place), CHECKED_OUT (taken out, see paper_checkout), DESTROYED.
-- department_id: the custodian's department when registered; it decides who sees the record.
CREATE TABLE paper_record (
    id            UUID          NOT NULL PRIMARY KEY,
    type          VARCHAR(16)   NOT NULL,
    title         VARCHAR(200)  NOT NULL,
    description   VARCHAR(2000),
    location      VARCHAR(200)  NOT NULL,
    custodian_id  UUID          NOT NULL,
    department_id UUID          NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    registered_by UUID          NOT NULL,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    destroyed_at  TIMESTAMP(6) WITH TIME ZONE,
    version       BIGINT        NOT NULL,
    CONSTRAINT ck_paper_record_type CHECK (type IN ('CONTRACT', 'FORM', 'PRINTOUT', 'BUSINESS_CARD', 'OTHER')),
    CONSTRAINT ck_paper_record_status CHECK (status IN ('KEPT', 'CHECKED_OUT', 'DESTROYED'))
);
CREATE INDEX paper_record_department ON paper_record (department_id, status);
CREATE INDEX paper_record_custodian ON paper_record (custodian_id);

-- The customers a document concerns (ids only).
CREATE TABLE paper_record_customer (
    record_id   UUID NOT NULL REFERENCES paper_record (id),
    customer_id UUID NOT NULL,
    PRIMARY KEY (record_id, customer_id)
);
CREATE INDEX paper_record_customer_customer ON paper_record_customer (customer_id);

-- Each time a document is taken out: by whom, recorded by whom, until when; returned_at once back.
CREATE TABLE paper_checkout (
    id                 UUID         NOT NULL PRIMARY KEY,
    record_id          UUID         NOT NULL REFERENCES paper_record (id),
    holder_id          UUID         NOT NULL,
    purpose            VARCHAR(500) NOT NULL,
    checked_out_by     UUID         NOT NULL,
    checked_out_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expected_return_on DATE         NOT NULL,
    returned_by        UUID,
    returned_at        TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX paper_checkout_record ON paper_checkout (record_id, returned_at);
CREATE INDEX paper_checkout_open ON paper_checkout (returned_at, expected_return_on);

-- A destruction order for one or more documents of one department.
-- status: PENDING (waiting for one or both approvals), APPROVED, DONE, REJECTED, CANCELLED.
CREATE TABLE paper_destruction (
    id                UUID          NOT NULL PRIMARY KEY,
    number            VARCHAR(20)   NOT NULL,
    department_id     UUID          NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    method            VARCHAR(16)   NOT NULL,
    contractor        VARCHAR(200),
    witness_id        UUID          NOT NULL,
    planned_on        DATE          NOT NULL,
    reason            VARCHAR(2000) NOT NULL,
    ordered_by        UUID          NOT NULL,
    ordered_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    head_approved_by  UUID,
    head_approved_at  TIMESTAMP(6) WITH TIME ZONE,
    admin_approved_by UUID,
    admin_approved_at TIMESTAMP(6) WITH TIME ZONE,
    closed_by         UUID,
    closed_at         TIMESTAMP(6) WITH TIME ZONE,
    close_reason      VARCHAR(2000),
    executed_by       UUID,
    executed_at       TIMESTAMP(6) WITH TIME ZONE,
    recorded_at       TIMESTAMP(6) WITH TIME ZONE,
    digest            VARCHAR(80),
    version           BIGINT        NOT NULL,
    CONSTRAINT uq_paper_destruction_number UNIQUE (number),
    CONSTRAINT ck_paper_destruction_status CHECK (status IN ('PENDING', 'APPROVED', 'DONE', 'REJECTED', 'CANCELLED')),
    CONSTRAINT ck_paper_destruction_method CHECK (method IN ('SHREDDING', 'BURNING', 'PULPING', 'CONTRACTOR'))
);
CREATE INDEX paper_destruction_status ON paper_destruction (status, department_id);

CREATE TABLE paper_destruction_record (
    destruction_id UUID NOT NULL REFERENCES paper_destruction (id),
    record_id      UUID NOT NULL REFERENCES paper_record (id),
    PRIMARY KEY (destruction_id, record_id)
);
CREATE INDEX paper_destruction_record_record ON paper_destruction_record (record_id);
