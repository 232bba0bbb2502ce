-- Issue 20.3 (R-EMP-3, policy §四.1): any employee reports a security risk or a suspected leak.
-- The description and IT security's answer are stored encrypted (columns *_cipher) under the incident
-- module's own data key; everything else is ids, dates and codes. An anonymous report stores no
-- reporter id at all, nor anything computed from it: only follow_code_hash, the SHA-256 of the
-- follow-up code the reporter was shown once, with which they follow the report.
-- References run per series and year (RR-2026-000001, INC-2026-0001); the counter row's update
-- serializes two numbers taken at once.
CREATE TABLE incident_counter (
    series        VARCHAR(8)    NOT NULL,
    counter_year  INT           NOT NULL,
    last_number   INT           NOT NULL,
    CONSTRAINT pk_incident_counter PRIMARY KEY (series, counter_year)
);

CREATE TABLE incident_risk_report (
    id                UUID          NOT NULL PRIMARY KEY,
    reference         VARCHAR(20)   NOT NULL,
    category          VARCHAR(24)   NOT NULL,
    anonymous         BOOLEAN       NOT NULL,
    -- The report concerns IT security itself (one of its people or their work): the auditors and
    -- management decide on it, and IT security cannot read it.
    concerns_security BOOLEAN       NOT NULL,
    reporter_id       UUID          REFERENCES employee (id),
    follow_code_hash  VARCHAR(64),
    description_cipher VARCHAR(20000) NOT NULL,
    status            VARCHAR(12)   NOT NULL,
    reported_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    triaged_at        TIMESTAMP(6) WITH TIME ZONE,
    triaged_by        UUID          REFERENCES employee (id),
    answer_cipher     VARCHAR(20000),
    incident_id       UUID,
    version           INT           NOT NULL,
    CONSTRAINT uk_incident_risk_reference UNIQUE (reference),
    CONSTRAINT uk_incident_risk_follow UNIQUE (follow_code_hash),
    CONSTRAINT ck_incident_risk_category CHECK (category IN ('SUSPECTED_LEAK', 'LOST_DEVICE', 'PHISHING',
                                                'UNSAFE_PRACTICE', 'ACCESS_PROBLEM', 'SYSTEM_WEAKNESS', 'OTHER')),
    CONSTRAINT ck_incident_risk_status CHECK (status IN ('OPEN', 'DISMISSED', 'FIXED', 'RAISED')),
    -- Anonymous: no reporter id, a follow-up code instead; named: the reporter id only.
    CONSTRAINT ck_incident_risk_anonymous CHECK (
        (anonymous AND reporter_id IS NULL AND follow_code_hash IS NOT NULL)
        OR (NOT anonymous AND reporter_id IS NOT NULL AND follow_code_hash IS NULL))
);
CREATE INDEX incident_risk_report_status ON incident_risk_report (concerns_security, status, reported_at);
CREATE INDEX incident_risk_report_reporter ON incident_risk_report (reporter_id);
