-- Issue 20.6 (R-SUP-5): proposals of rewards and penalties, each linked to its evidence, approved
-- or rejected by management. The reason and the decision's note are words about a person: stored
-- encrypted under the proposal's own data key (owner = proposal id).
CREATE TABLE discipline_proposal (
    id                 UUID          NOT NULL PRIMARY KEY,
    kind               VARCHAR(16)   NOT NULL,
    -- The person it concerns; null only for a reward to the anonymous whistleblower.
    employee_id        UUID          REFERENCES employee (id),
    anonymous_reporter BOOLEAN       NOT NULL,
    amount_fen         BIGINT,
    reason_cipher      VARCHAR(24000),
    evidence_kind      VARCHAR(24)   NOT NULL,
    evidence_id        VARCHAR(64)   NOT NULL,
    evidence_reference VARCHAR(64),
    status             VARCHAR(16)   NOT NULL,
    -- Null when the system proposed it (a verified report, an unjustified emergency access).
    proposed_by        UUID          REFERENCES employee (id),
    proposed_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- One automatic proposal per piece of evidence (evidence kind and id); null for proposals by people.
    automatic_key      VARCHAR(100),
    decided_by         UUID          REFERENCES employee (id),
    decided_at         TIMESTAMP(6) WITH TIME ZONE,
    note_cipher        VARCHAR(24000),
    -- Evidence the administration department may not see (a whistleblowing report the auditors
    -- handle): such a proposal is shown to management and the auditors only.
    auditors_only      BOOLEAN       NOT NULL,
    -- One live proposal per evidence, kind and person: filled while the proposal is not rejected
    -- (kind:evidence kind:evidence id:person), cleared when it is rejected.
    dedupe_key         VARCHAR(200),
    -- An approved reward for the anonymous whistleblower, paid when the reporter showed the code to
    -- a handler of the report; set once.
    paid_at            TIMESTAMP(6) WITH TIME ZONE,
    paid_by            UUID          REFERENCES employee (id),
    version            INT           NOT NULL,
    CONSTRAINT uk_discipline_automatic UNIQUE (automatic_key),
    CONSTRAINT uk_discipline_dedupe UNIQUE (dedupe_key),
    CONSTRAINT ck_discipline_paid CHECK ((paid_at IS NULL) = (paid_by IS NULL)
                                         AND (paid_at IS NULL OR (status = 'APPROVED' AND kind = 'REWARD'))),
    CONSTRAINT ck_discipline_reason CHECK (reason_cipher IS NOT NULL OR automatic_key IS NOT NULL),
    CONSTRAINT ck_discipline_kind CHECK (kind IN ('WARNING', 'FINE', 'DEMOTION', 'DISMISSAL', 'COMPENSATION', 'REWARD')),
    CONSTRAINT ck_discipline_status CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
    CONSTRAINT ck_discipline_evidence CHECK (evidence_kind IN ('WHISTLEBLOWING', 'ACCESS_REVIEW', 'INSPECTION_FINDING',
                                                              'INCIDENT')),
    CONSTRAINT ck_discipline_person CHECK ((employee_id IS NULL) = anonymous_reporter),
    CONSTRAINT ck_discipline_anonymous CHECK (NOT anonymous_reporter OR (kind = 'REWARD'
                                                                          AND evidence_kind = 'WHISTLEBLOWING')),
    CONSTRAINT ck_discipline_amount CHECK ((amount_fen IS NOT NULL) = (kind IN ('FINE', 'COMPENSATION', 'REWARD'))
                                           AND (amount_fen IS NULL OR amount_fen > 0))
);

CREATE INDEX ix_discipline_employee ON discipline_proposal (employee_id);
CREATE INDEX ix_discipline_status ON discipline_proposal (status);
