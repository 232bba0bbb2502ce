-- Issue 20.4 (PIPL art. 57, the national network-security incident reporting measures): an incident
-- with a severity on the national four-level scale, the affected customers (each under a legal hold
-- while the incident is open), a timeline of containment steps and investigation notes (text
-- encrypted under the incident module's data key), and the notification clocks: the regulator's
-- initial report, the regulator's fuller report and the affected customers' notice, each with a due
-- time counted from detection. Recording a notification (or, for the lowest level, why none was
-- required) stops a clock; an incident closes only once every clock is stopped.
CREATE TABLE incident_incident (
    id                UUID          NOT NULL PRIMARY KEY,
    reference         VARCHAR(20)   NOT NULL,
    severity          VARCHAR(24)   NOT NULL,
    status            VARCHAR(8)    NOT NULL,
    data_categories   VARCHAR(200)  NOT NULL,
    detected_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    opened_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    opened_by         UUID          NOT NULL REFERENCES employee (id),
    risk_report_id    UUID          REFERENCES incident_risk_report (id),
    summary_cipher    VARCHAR(20000) NOT NULL,
    affected_count    INT           NOT NULL,
    closed_at         TIMESTAMP(6) WITH TIME ZONE,
    closed_by         UUID          REFERENCES employee (id),
    version           INT           NOT NULL,
    CONSTRAINT uk_incident_reference UNIQUE (reference),
    CONSTRAINT ck_incident_severity CHECK (severity IN ('PARTICULARLY_SERIOUS', 'SERIOUS', 'RELATIVELY_SERIOUS',
                                                'GENERAL')),
    CONSTRAINT ck_incident_status CHECK (status IN ('OPEN', 'CLOSED'))
);
CREATE INDEX incident_incident_status ON incident_incident (status, detected_at);

-- The customers an incident touched: ids only, and the legal hold placed on each while it is open.
CREATE TABLE incident_customer (
    incident_id       UUID          NOT NULL REFERENCES incident_incident (id),
    customer_id       UUID          NOT NULL,
    legal_hold_id     UUID          NOT NULL,
    added_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_incident_customer PRIMARY KEY (incident_id, customer_id)
);

-- One row per clock. escalation moves NONE -> NEAR -> OVERDUE once each, guarded by version, so a
-- reminder is sent once however many nodes sweep. The regulator's clocks have batch 1 only; the
-- customers' clock has batch 1 for the customers recorded first (counted from detection) and one
-- more batch each time customers are added after the previous batch's clock stopped (counted from
-- when they were added), so customers found later are notified too, and an earlier batch's outcome
-- stays on record.
CREATE TABLE incident_clock (
    incident_id       UUID          NOT NULL REFERENCES incident_incident (id),
    kind              VARCHAR(20)   NOT NULL,
    batch             INT           NOT NULL,
    started_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    due_at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- stopped_at is the time the notification says it was sent (it may be earlier than its recording);
    -- stop_recorded_at is when it was recorded: recorded after due_at for a time before it reads
    -- "met, recorded late", never plain "met".
    stopped_at        TIMESTAMP(6) WITH TIME ZONE,
    stop_recorded_at  TIMESTAMP(6) WITH TIME ZONE,
    stopped_by        UUID          REFERENCES employee (id),
    stop_reason       VARCHAR(16),
    escalation        VARCHAR(8)    NOT NULL,
    version           INT           NOT NULL,
    CONSTRAINT pk_incident_clock PRIMARY KEY (incident_id, kind, batch),
    CONSTRAINT ck_incident_clock_batch CHECK (batch >= 1 AND (batch = 1 OR kind = 'CUSTOMERS')),
    CONSTRAINT ck_incident_clock_kind CHECK (kind IN ('REGULATOR_INITIAL', 'REGULATOR_DETAIL', 'CUSTOMERS')),
    CONSTRAINT ck_incident_clock_stop CHECK (stop_reason IS NULL OR stop_reason IN ('NOTIFIED', 'NOT_REQUIRED')),
    CONSTRAINT ck_incident_clock_escalation CHECK (escalation IN ('NONE', 'NEAR', 'OVERDUE'))
);
CREATE INDEX incident_clock_running ON incident_clock (stopped_at, due_at);

-- The timeline: what happened, when, by whom; a note's, a step's or a reason's words encrypted.
-- NOTICE_MEASURES holds the measures as written for the notices (the latest is used); containment
-- steps (CONTAINED) are internal and never go into a notice.
CREATE TABLE incident_entry (
    id                UUID          NOT NULL PRIMARY KEY,
    incident_id       UUID          NOT NULL REFERENCES incident_incident (id),
    happened_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    kind              VARCHAR(20)   NOT NULL,
    actor_type        VARCHAR(16)   NOT NULL,
    actor_id          UUID,
    -- Codes and numbers only (a clock kind, a count): never free text.
    detail            VARCHAR(200),
    text_cipher       VARCHAR(20000),
    CONSTRAINT ck_incident_entry_kind CHECK (kind IN ('OPENED', 'NOTE', 'CONTAINED', 'NOTICE_MEASURES', 'CUSTOMERS_ADDED',
                                                'REGULATOR_NOTIFIED', 'CUSTOMERS_NOTIFIED', 'NOT_REQUIRED',
                                                'ESCALATED', 'CLOSED'))
);
CREATE INDEX incident_entry_incident ON incident_entry (incident_id, happened_at);
