-- Issue 19.1 (R-CUS-1): a customer signs in to the portal with a one-time link (e-mail) or a code
-- their contact at the company reads to them (phone). Only a SHA-256 of each link token or code is
-- kept, so a copy of the database signs nobody in. A phone code must also be shown to the owner
-- until it is used: it is kept encrypted under the customer's own data key, never in clear.
CREATE TABLE portal_link_token (
    token_hash      VARCHAR(64)   NOT NULL PRIMARY KEY,
    customer_id     UUID          NOT NULL REFERENCES customer (id),
    channel         VARCHAR(10)   NOT NULL,
    code_ciphertext VARCHAR(400),
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_portal_link_channel CHECK (channel IN ('EMAIL', 'PHONE')),
    CONSTRAINT ck_portal_link_code CHECK ((channel = 'EMAIL' AND code_ciphertext IS NULL)
        OR (channel = 'PHONE' AND code_ciphertext IS NOT NULL))
);
CREATE INDEX portal_link_token_customer ON portal_link_token (customer_id);
CREATE INDEX portal_link_token_expiry ON portal_link_token (expires_at);

-- The portal's API tokens (prefix cpt_), apart from the staff's api_token table: a staff token is
-- never a portal token and the reverse.
CREATE TABLE portal_session_token (
    token_hash   VARCHAR(64)   NOT NULL PRIMARY KEY,
    customer_id  UUID          NOT NULL REFERENCES customer (id),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX portal_session_token_customer ON portal_session_token (customer_id);
