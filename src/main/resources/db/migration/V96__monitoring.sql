-- Issue 21 (R-SUP-3): security monitoring over the audit stream.
--
-- The rules are versioned as a whole set, like the access policy: a security administrator proposes
-- a set, someone else (another security administrator or an auditor) approves it, and the newest
-- approved set is in force. The rules themselves are a JSON array of typed settings.
CREATE TABLE monitoring_rule_set (
    version        INT           NOT NULL PRIMARY KEY,
    status         VARCHAR(16)   NOT NULL,
    rules          VARCHAR(16000) NOT NULL,
    proposed_by    UUID          REFERENCES employee (id),
    proposed_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    decided_by     UUID          REFERENCES employee (id),
    decided_at     TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT ck_monitoring_rule_set_status CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
    -- Nobody approves their own proposal (the defaults of the first start are proposed by nobody).
    CONSTRAINT ck_monitoring_rule_set_second CHECK (decided_by IS NULL OR proposed_by IS NULL OR decided_by <> proposed_by)
);

-- The one evaluator of the cluster: whichever node holds the lease reads the stream. Locked for
-- update by each evaluation, so two nodes never evaluate the same events.
CREATE TABLE monitoring_state (
    id             INT           NOT NULL PRIMARY KEY,
    holder         VARCHAR(64),
    lease_until    TIMESTAMP(6) WITH TIME ZONE,
    -- Events older than this only teach the evaluator (first contacts, networks); they raise nothing.
    alerts_from    TIMESTAMP(6) WITH TIME ZONE,
    evaluated      BIGINT        NOT NULL,
    CONSTRAINT ck_monitoring_state_one CHECK (id = 1)
);
INSERT INTO monitoring_state (id, evaluated) VALUES (1, 0);

-- Where the evaluation stands in each node's audit chain: the last sealed event it has read.
CREATE TABLE monitoring_cursor (
    chain          VARCHAR(64)   NOT NULL PRIMARY KEY,
    last_seq       BIGINT        NOT NULL,
    last_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Which customers each person has used before, and from which networks each has signed in: the
-- memory of "usual" that two rules compare with. first_event is the audit row that first showed it.
CREATE TABLE monitoring_contact (
    actor_id       UUID          NOT NULL,
    customer_id    UUID          NOT NULL,
    first_event    BIGINT        NOT NULL,
    PRIMARY KEY (actor_id, customer_id)
);

CREATE TABLE monitoring_network (
    actor_id       UUID          NOT NULL,
    network        VARCHAR(64)   NOT NULL,
    first_event    BIGINT        NOT NULL,
    PRIMARY KEY (actor_id, network)
);

-- An alert: one rule crossed by one subject (a person, or the system for the audit chain). Repeats
-- within the rule's suppression time are counted on the alert instead of raising another.
CREATE TABLE monitoring_alert (
    id             UUID          NOT NULL PRIMARY KEY,
    rule_kind      VARCHAR(32)   NOT NULL,
    rule_version   INT           NOT NULL,
    severity       VARCHAR(8)    NOT NULL,
    subject_key    VARCHAR(80)   NOT NULL,
    subject_id     UUID,
    department_id  UUID,
    figure         BIGINT        NOT NULL,
    threshold      INT           NOT NULL,
    window_minutes INT           NOT NULL,
    first_event_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_event_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    trigger_event  BIGINT        NOT NULL,
    raised_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    repeats        INT           NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    triaged_by     UUID          REFERENCES employee (id),
    triaged_at     TIMESTAMP(6) WITH TIME ZONE,
    note_cipher    VARCHAR(8000),
    incident_id    UUID,
    version        INT           NOT NULL,
    -- The same crossing is never raised twice, whichever node evaluates it.
    CONSTRAINT uk_monitoring_alert_trigger UNIQUE (rule_kind, subject_key, trigger_event),
    CONSTRAINT ck_monitoring_alert_status CHECK (status IN ('OPEN', 'FALSE_POSITIVE', 'FINDING', 'INCIDENT')),
    CONSTRAINT ck_monitoring_alert_severity CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
    CONSTRAINT ck_monitoring_alert_triaged CHECK ((status = 'OPEN') = (triaged_at IS NULL))
);
CREATE INDEX ix_monitoring_alert_open ON monitoring_alert (status, raised_at);
CREATE INDEX ix_monitoring_alert_subject ON monitoring_alert (rule_kind, subject_key, last_event_at);
CREATE INDEX ix_monitoring_alert_department ON monitoring_alert (department_id, raised_at);

-- The audit events behind an alert (row ids of audit_event; never a value), the first ones and
-- those of each repeat, at most a few hundred per alert.
CREATE TABLE monitoring_alert_event (
    alert_id       UUID          NOT NULL REFERENCES monitoring_alert (id),
    audit_row      BIGINT        NOT NULL,
    PRIMARY KEY (alert_id, audit_row)
);
