-- The access policy (R-STO-4, R-USE-1, R-USE-2): versioned rules, edited by the security
-- administrator; a version never changes, an edit inserts the next one. Lists are comma-separated
-- codes (roles, actions, purposes), validated by the application.
CREATE TABLE access_policy (
    version     INT          NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    reason      VARCHAR(500) NOT NULL
);

CREATE TABLE access_rule (
    version            INT          NOT NULL REFERENCES access_policy (version),
    rule_id            VARCHAR(40)  NOT NULL,
    position           INT          NOT NULL,
    relation           VARCHAR(16)  NOT NULL,
    roles              VARCHAR(200) NOT NULL,
    actions            VARCHAR(100) NOT NULL,
    show_level         VARCHAR(2),
    mask_level         VARCHAR(2),
    reveal_level       VARCHAR(2),
    purposes           VARCHAR(500) NOT NULL,
    sensitive_purposes VARCHAR(500) NOT NULL,
    review             BOOLEAN      NOT NULL,
    PRIMARY KEY (version, rule_id)
);

INSERT INTO access_policy (version, created_at, created_by, reason)
VALUES (1, CURRENT_TIMESTAMP, 'system', 'Default policy shipped with Custos');

INSERT INTO access_rule (version, rule_id, position, relation, roles, actions, show_level, mask_level, reveal_level,
                         purposes, sensitive_purposes, review) VALUES
 (1, 'owner', 10, 'OWNER', 'EMPLOYEE,DEPT_HEAD', 'LIST,VIEW,REVEAL,EDIT,EXPORT', 'L2', 'L4', 'L4',
  'AFTER_SALES,COMPLAINT_HANDLING,CONTRACT,CUSTOMS,DELIVERY,LEGAL_OBLIGATION,MARKETING,PAYMENT,SALES_FOLLOW_UP',
  'CONTRACT,CUSTOMS,PAYMENT', FALSE),
 (1, 'department-head', 20, 'DEPARTMENT', 'DEPT_HEAD', 'LIST,VIEW,REVEAL,EDIT,EXPORT', 'L2', 'L4', 'L4',
  'AFTER_SALES,COMPLAINT_HANDLING,CONTRACT,CUSTOMS,DELIVERY,LEGAL_OBLIGATION,MARKETING,PAYMENT,SALES_FOLLOW_UP',
  'CONTRACT,CUSTOMS,PAYMENT', FALSE),
 (1, 'department-colleague', 30, 'DEPARTMENT', 'EMPLOYEE', 'LIST,VIEW,EXPORT', 'L2', 'L4', NULL, '', '', FALSE),
 (1, 'administration', 40, 'ANY', 'ADMIN_OFFICER', 'LIST,VIEW,REVEAL', 'L1', 'L4', 'L3', 'INSPECTION', '', TRUE),
 (1, 'management', 50, 'ANY', 'MANAGEMENT', 'LIST,VIEW,EXPORT', 'L2', 'L4', NULL, '', '', FALSE),
 (1, 'break-glass', 60, 'BREAK_GLASS', 'ADMIN_OFFICER,DEPT_HEAD,EMPLOYEE,MANAGEMENT', 'VIEW,REVEAL', 'L2', 'L4', 'L4',
  'AFTER_SALES,COMPLAINT_HANDLING,CONTRACT,CUSTOMS,DELIVERY,LEGAL_OBLIGATION,PAYMENT,SALES_FOLLOW_UP',
  'CONTRACT,CUSTOMS,PAYMENT', TRUE);

-- Emergency access (R-USE-6): one person, one customer, one hour, a written justification; open
-- for review until the security administrator or the department head reviews it.
CREATE TABLE break_glass (
    id              UUID          NOT NULL PRIMARY KEY,
    customer_id     UUID          NOT NULL,
    department_id   UUID,
    employee_id     UUID          NOT NULL REFERENCES employee (id),
    justification   VARCHAR(2000) NOT NULL,
    requested_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reviewed_at     TIMESTAMP(6) WITH TIME ZONE,
    reviewed_by     UUID REFERENCES employee (id),
    review_outcome  VARCHAR(16),
    review_note     VARCHAR(2000)
);
CREATE INDEX break_glass_active ON break_glass (employee_id, customer_id, expires_at);
CREATE INDEX break_glass_open ON break_glass (reviewed_at, requested_at);

-- Reveals under a rule that flags them (the administration department's inspection, break-glass):
-- on a review list until reviewed. Field keys only, never values.
CREATE TABLE access_review (
    id              UUID          NOT NULL PRIMARY KEY,
    customer_id     UUID          NOT NULL,
    department_id   UUID,
    employee_id     UUID          NOT NULL REFERENCES employee (id),
    rule_id         VARCHAR(40)   NOT NULL,
    policy_version  INT           NOT NULL,
    purpose         VARCHAR(40)   NOT NULL,
    fields          VARCHAR(1000) NOT NULL,
    revealed_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reviewed_at     TIMESTAMP(6) WITH TIME ZONE,
    reviewed_by     UUID REFERENCES employee (id),
    review_outcome  VARCHAR(16),
    review_note     VARCHAR(2000)
);
CREATE INDEX access_review_open ON access_review (reviewed_at, revealed_at);
