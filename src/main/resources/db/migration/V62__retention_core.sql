-- Issue 16 (R-DEL-1, R-DEL-2, R-DEL-5): retention rules, sweeps, legal holds, destruction batches,
-- anonymized business facts kept by a legal minimum, and customers' deletion requests.

-- A rule set is a version: proposed with a reason by the administration department, in force once
-- a security administrator approves it. One version is IN_FORCE at a time; the one before it is then
-- SUPERSEDED. Versions are never edited.
CREATE TABLE retention_rule_set (
    version          INT           NOT NULL PRIMARY KEY,
    status           VARCHAR(16)   NOT NULL,
    reason           VARCHAR(2000) NOT NULL,
    proposed_by      UUID,
    proposed_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    decided_by       UUID,
    decided_at       TIMESTAMP(6) WITH TIME ZONE,
    decision_reason  VARCHAR(2000),
    CONSTRAINT ck_retention_rule_set_status CHECK (status IN ('PENDING', 'IN_FORCE', 'REJECTED', 'SUPERSEDED',
                                                              'WITHDRAWN'))
);

-- period: an ISO-8601 period (P2Y, P30D). fields: comma-separated L1 catalog keys a LEGAL_MINIMUM
-- keeps, anonymized, for its period after the last transaction.
CREATE TABLE retention_rule (
    version  INT           NOT NULL REFERENCES retention_rule_set (version),
    code     VARCHAR(40)   NOT NULL,
    kind     VARCHAR(24)   NOT NULL,
    period   VARCHAR(16)   NOT NULL,
    fields   VARCHAR(2000),
    position INT           NOT NULL,
    PRIMARY KEY (version, code),
    CONSTRAINT ck_retention_rule_kind CHECK (kind IN ('PROSPECT_INACTIVE', 'CUSTOMER_INACTIVE', 'CONSENT_WITHDRAWN',
                                                      'LEGAL_MINIMUM'))
);

INSERT INTO retention_rule_set (version, status, reason, proposed_at, decided_at) VALUES
 (1, 'IN_FORCE', '初始保存期限规则（《个人信息保护法》第十九条、第四十七条；《会计档案管理办法》）Initial retention rules (PIPL art. 19 and 47; Accounting Archives Measures)',
  CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
INSERT INTO retention_rule (version, code, kind, period, fields, position) VALUES
 (1, 'prospect-no-deal',     'PROSPECT_INACTIVE', 'P2Y',  NULL, 10),
 (1, 'customer-inactive',    'CUSTOMER_INACTIVE', 'P3Y',  NULL, 20),
 (1, 'consent-withdrawn',    'CONSENT_WITHDRAWN', 'P30D', NULL, 30),
 (1, 'accounting-records',   'LEGAL_MINIMUM',     'P10Y', 'companyName,industry,city,country', 40);

-- One row per sweep, scheduled (triggered_by NULL) or on demand.
CREATE TABLE retention_sweep (
    id             UUID        NOT NULL PRIMARY KEY,
    rule_version   INT         NOT NULL,
    as_of          DATE        NOT NULL,
    triggered_by   UUID,
    started_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP(6) WITH TIME ZONE,
    due_count      INT,
    upcoming_count INT
);
CREATE INDEX retention_sweep_started ON retention_sweep (started_at);

-- What the newest sweep found: each customer due (due_on <= as_of) or falling due within the notice
-- period, by the first rule that makes it due, and the date the period counted from.
CREATE TABLE retention_due (
    customer_id UUID        NOT NULL PRIMARY KEY,
    sweep_id    UUID        NOT NULL,
    rule_code   VARCHAR(40) NOT NULL,
    basis_on    DATE        NOT NULL,
    due_on      DATE        NOT NULL
);
CREATE INDEX retention_due_on ON retention_due (due_on);

-- Legal holds: while released_at is NULL, nothing of the customer may be destroyed.
CREATE TABLE legal_hold (
    id             UUID          NOT NULL PRIMARY KEY,
    customer_id    UUID          NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    reference      VARCHAR(100),
    reason         VARCHAR(2000) NOT NULL,
    placed_by      UUID          NOT NULL,
    placed_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    released_by    UUID,
    released_at    TIMESTAMP(6) WITH TIME ZONE,
    release_reason VARCHAR(2000),
    CONSTRAINT ck_legal_hold_kind CHECK (kind IN ('COMPLAINT', 'CLAIM', 'INCIDENT', 'LITIGATION', 'REGULATOR'))
);
CREATE INDEX legal_hold_customer ON legal_hold (customer_id, released_at);

-- A destruction batch: proposed, approved by the head of its department and by the administration
-- department, executed (crypto-shredding). Customers of one department per batch.
CREATE TABLE destruction_batch (
    id                   UUID          NOT NULL PRIMARY KEY,
    number               VARCHAR(20)   NOT NULL UNIQUE,
    source               VARCHAR(20)   NOT NULL,
    department_id        UUID,
    reason               VARCHAR(2000) NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    rule_version         INT           NOT NULL,
    method               VARCHAR(24)   NOT NULL,
    customer_count       INT           NOT NULL,
    destroyed_count      INT,
    skipped_count        INT,
    facts_kept_count     INT,
    proposed_by          UUID          NOT NULL,
    proposed_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    head_approved_by     UUID,
    head_approved_at     TIMESTAMP(6) WITH TIME ZONE,
    admin_approved_by    UUID,
    admin_approved_at    TIMESTAMP(6) WITH TIME ZONE,
    rejected_by          UUID,
    rejected_at          TIMESTAMP(6) WITH TIME ZONE,
    rejection_reason     VARCHAR(2000),
    executed_by          UUID,
    execution_started_at TIMESTAMP(6) WITH TIME ZONE,
    executed_at          TIMESTAMP(6) WITH TIME ZONE,
    digest               VARCHAR(80),
    version              BIGINT        NOT NULL,
    CONSTRAINT ck_destruction_batch_status CHECK (status IN ('PROPOSED', 'APPROVED', 'EXECUTING', 'DONE', 'REJECTED',
                                                             'CANCELLED')),
    CONSTRAINT ck_destruction_batch_source CHECK (source IN ('SWEEP', 'MANUAL', 'DELETION_REQUEST'))
);
CREATE INDEX destruction_batch_status ON destruction_batch (status, department_id);

-- category: why this customer is in the batch (the rule kind, MANUAL or DELETION_REQUEST).
-- outcome: NULL until executed; DESTROYED, HELD (a hold placed after approval kept it) or GONE
-- (destroyed by an earlier batch).
CREATE TABLE destruction_item (
    batch_id    UUID        NOT NULL REFERENCES destruction_batch (id),
    customer_id UUID        NOT NULL,
    category    VARCHAR(24) NOT NULL,
    rule_code   VARCHAR(40),
    facts_kept  BOOLEAN     DEFAULT FALSE NOT NULL,
    outcome     VARCHAR(16),
    PRIMARY KEY (batch_id, customer_id)
);
CREATE INDEX destruction_item_customer ON destruction_item (customer_id);
CREATE INDEX destruction_item_pending ON destruction_item (batch_id, outcome);

-- Business facts a legal minimum keeps after the customer is destroyed: no customer id, no batch id,
-- no time finer than the day, so nothing links them back to the person.
CREATE TABLE retained_fact_record (
    id          UUID        NOT NULL PRIMARY KEY,
    rule_code   VARCHAR(40) NOT NULL,
    kept_since  DATE        NOT NULL,
    keep_until  DATE        NOT NULL
);
CREATE INDEX retained_fact_record_until ON retained_fact_record (keep_until);

CREATE TABLE retained_fact_value (
    record_id UUID          NOT NULL REFERENCES retained_fact_record (id),
    field_key VARCHAR(40)   NOT NULL,
    field_value VARCHAR(4000) NOT NULL,
    PRIMARY KEY (record_id, field_key)
);

-- A customer's request to delete their data, entered by staff (or, later, the portal): it becomes a
-- destruction batch, or is refused with a reason the customer is told.
CREATE TABLE deletion_request (
    id             UUID          NOT NULL PRIMARY KEY,
    customer_id    UUID          NOT NULL,
    channel        VARCHAR(16)   NOT NULL,
    received_on    DATE          NOT NULL,
    details        VARCHAR(2000),
    entered_by     UUID          NOT NULL,
    entered_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    batch_id       UUID,
    decided_by     UUID,
    decided_at     TIMESTAMP(6) WITH TIME ZONE,
    refusal_reason VARCHAR(2000),
    kept_until     DATE,
    CONSTRAINT ck_deletion_request_status CHECK (status IN ('OPEN', 'IN_BATCH', 'DONE', 'REFUSED')),
    CONSTRAINT ck_deletion_request_channel CHECK (channel IN ('PHONE', 'EMAIL', 'LETTER', 'IN_PERSON', 'PORTAL'))
);
CREATE INDEX deletion_request_customer ON deletion_request (customer_id);
CREATE INDEX deletion_request_status ON deletion_request (status);
