-- Issue 15.3, 15.4, 15.6 (R-ORG-3, R-USE-3, R-USE-4): sharing requests, the grants they become,
-- and the record of what each grant let its recipient read. Lists of field keys are
-- comma-separated catalog keys, validated by the application.
CREATE TABLE sharing_request (
    id                       UUID          NOT NULL PRIMARY KEY,
    requester_id             UUID          NOT NULL,
    department_id            UUID          NOT NULL,
    recipient_type           VARCHAR(16)   NOT NULL,
    recipient_id             UUID          NOT NULL,
    purpose                  VARCHAR(40)   NOT NULL,
    fields                   VARCHAR(2000) NOT NULL,
    selection                VARCHAR(16)   NOT NULL,
    filter_city              VARCHAR(200),
    filter_owner_id          UUID,
    valid_from               TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    valid_until              TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    justification            VARCHAR(2000) NOT NULL,
    needs_admin              BOOLEAN       NOT NULL,
    status                   VARCHAR(16)   NOT NULL,
    created_at               TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    head_decided_by          UUID,
    head_decided_at          TIMESTAMP(6) WITH TIME ZONE,
    admin_decided_by         UUID,
    admin_decided_at         TIMESTAMP(6) WITH TIME ZONE,
    refused_by               UUID,
    refused_at               TIMESTAMP(6) WITH TIME ZONE,
    refusal_reason           VARCHAR(2000),
    withdrawn_at             TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT ck_sharing_request_status CHECK (status IN ('PENDING_HEAD', 'PENDING_ADMIN', 'APPROVED', 'REFUSED',
                                                           'WITHDRAWN')),
    CONSTRAINT ck_sharing_request_recipient CHECK (recipient_type IN ('DEPARTMENT', 'PARTNER')),
    CONSTRAINT ck_sharing_request_selection CHECK (selection IN ('LIST', 'FILTER')),
    CONSTRAINT ck_sharing_request_period CHECK (valid_until > valid_from)
);
CREATE INDEX sharing_request_status ON sharing_request (status, department_id);
CREATE INDEX sharing_request_requester ON sharing_request (requester_id, created_at);

-- The customers a LIST request names (a FILTER request is evaluated when it is approved).
CREATE TABLE sharing_request_customer (
    request_id  UUID NOT NULL REFERENCES sharing_request (id),
    customer_id UUID NOT NULL,
    PRIMARY KEY (request_id, customer_id)
);

CREATE TABLE sharing_grant (
    id              UUID          NOT NULL PRIMARY KEY,
    request_id      UUID          NOT NULL REFERENCES sharing_request (id),
    recipient_type  VARCHAR(16)   NOT NULL,
    recipient_id    UUID          NOT NULL,
    purpose         VARCHAR(40)   NOT NULL,
    fields          VARCHAR(2000) NOT NULL,
    valid_from      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    valid_until     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP(6) WITH TIME ZONE,
    revoked_by      UUID,
    revoke_reason   VARCHAR(2000),
    end_announced   BOOLEAN       NOT NULL,
    CONSTRAINT uk_sharing_grant_request UNIQUE (request_id)
);
CREATE INDEX sharing_grant_recipient ON sharing_grant (recipient_type, recipient_id, valid_until);
CREATE INDEX sharing_grant_ending ON sharing_grant (end_announced, valid_until);

CREATE TABLE sharing_grant_customer (
    grant_id    UUID NOT NULL REFERENCES sharing_grant (id),
    customer_id UUID NOT NULL,
    PRIMARY KEY (grant_id, customer_id)
);
CREATE INDEX sharing_grant_customer_by_customer ON sharing_grant_customer (customer_id, grant_id);

-- Customers a request named but the approval left out, and why (no third-party consent, no
-- consent to the purpose, gone): listed at approval, never silently included (issue 15.3).
CREATE TABLE sharing_grant_exclusion (
    grant_id    UUID        NOT NULL REFERENCES sharing_grant (id),
    customer_id UUID        NOT NULL,
    reason      VARCHAR(40) NOT NULL,
    PRIMARY KEY (grant_id, customer_id)
);

-- The ledger (issue 15.6): per grant and customer, how often the recipient read it and when first
-- and last. A row per shared customer is written with the grant, so reads only ever update.
CREATE TABLE sharing_use (
    grant_id      UUID    NOT NULL REFERENCES sharing_grant (id),
    customer_id   UUID    NOT NULL,
    reveals       INTEGER NOT NULL,
    views         INTEGER NOT NULL,
    first_used_at TIMESTAMP(6) WITH TIME ZONE,
    last_used_at  TIMESTAMP(6) WITH TIME ZONE,
    PRIMARY KEY (grant_id, customer_id)
);
