-- Issue 19 (R-CUS-1, R-CUS-2): every request, complaint and compensation claim of a customer is a
-- case. What the customer wrote, internal notes and the reply are customer information: they are
-- stored encrypted under the customer's own data key (columns *_cipher), so destroying the customer
-- destroys them too. Everything else is ids, dates and codes.
-- References run per year (CW-2026-000001); the counter row's update serializes two cases filed at once.
CREATE TABLE casework_counter (
    counter_year  INT           NOT NULL PRIMARY KEY,
    last_number   INT           NOT NULL
);

CREATE TABLE casework_case (
    id                 UUID          NOT NULL PRIMARY KEY,
    reference          VARCHAR(20)   NOT NULL,
    type               VARCHAR(16)   NOT NULL,
    channel            VARCHAR(16)   NOT NULL,
    customer_id        UUID          NOT NULL,
    department_id      UUID          REFERENCES department (id),
    assignee_id        UUID          REFERENCES employee (id),
    status             VARCHAR(16)   NOT NULL,
    received_on        DATE          NOT NULL,
    received_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    entered_by         UUID          REFERENCES employee (id),
    -- A case the customer filed in the portal is verified by the sign-in; one entered by staff
    -- from a letter, a call or an e-mail is verified by a person, and how.
    verified_at        TIMESTAMP(6) WITH TIME ZONE,
    verified_by        UUID          REFERENCES employee (id),
    verification       VARCHAR(16),
    -- The deadline: received_on plus working_days + extension_days + paused_days working days.
    working_days       INT           NOT NULL,
    extension_days     INT           NOT NULL,
    paused_days        INT           NOT NULL,
    paused_on          DATE,
    due_on             DATE          NOT NULL,
    escalation         VARCHAR(8)    NOT NULL,
    amount_fen         BIGINT,
    field_key          VARCHAR(64),
    text_cipher        VARCHAR(20000),
    correction_cipher  VARCHAR(4000),
    legal_hold_id      UUID,
    deletion_request_id UUID,
    outcome            VARCHAR(16),
    reply_zh_cipher    VARCHAR(20000),
    reply_en_cipher    VARCHAR(20000),
    closed_at          TIMESTAMP(6) WITH TIME ZONE,
    closed_by          UUID          REFERENCES employee (id),
    version            INT           NOT NULL,
    CONSTRAINT uk_casework_reference UNIQUE (reference),
    CONSTRAINT ck_casework_type CHECK (type IN ('COPY', 'PORTABILITY', 'CORRECTION', 'DELETION', 'RESTRICTION',
                                                'EXPLANATION', 'COMPLAINT', 'CLAIM')),
    CONSTRAINT ck_casework_channel CHECK (channel IN ('PORTAL', 'LETTER', 'PHONE', 'EMAIL', 'IN_PERSON')),
    CONSTRAINT ck_casework_status CHECK (status IN ('OPEN', 'PAUSED', 'CLOSED')),
    CONSTRAINT ck_casework_verification CHECK (verification IS NULL OR verification IN ('PORTAL', 'ID_DOCUMENT',
                                                'CALL_BACK', 'KNOWN_CONTACT')),
    CONSTRAINT ck_casework_escalation CHECK (escalation IN ('NONE', 'HEAD', 'ADMIN')),
    CONSTRAINT ck_casework_outcome CHECK (outcome IS NULL OR outcome IN ('GRANTED', 'PARTLY_GRANTED', 'REFUSED',
                                                'WITHDRAWN'))
);
CREATE INDEX casework_case_status ON casework_case (status, due_on);
CREATE INDEX casework_case_customer ON casework_case (customer_id, status);
CREATE INDEX casework_case_department ON casework_case (department_id, status);

-- The case's timeline: what happened, when, by whom (an employee, or the customer through the
-- portal, or the system). A note's text is encrypted like the case's.
CREATE TABLE casework_entry (
    id            UUID          NOT NULL PRIMARY KEY,
    case_id       UUID          NOT NULL REFERENCES casework_case (id),
    happened_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind          VARCHAR(16)   NOT NULL,
    actor_type    VARCHAR(16)   NOT NULL,
    actor_id      UUID,
    -- Codes and numbers only (a reason code, a day count, a department id): never customer text.
    detail        VARCHAR(200),
    text_cipher   VARCHAR(20000),
    CONSTRAINT ck_casework_entry_kind CHECK (kind IN ('RECEIVED', 'VERIFIED', 'ASSIGNED', 'NOTE', 'PAUSED',
                                                'RESUMED', 'EXTENDED', 'ESCALATED', 'HOLD_PLACED', 'HOLD_RELEASED',
                                                'CARRIED_OUT', 'CLOSED'))
);
CREATE INDEX casework_entry_case ON casework_entry (case_id, happened_at);
